package org.dataanalyst.profiling.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.Descriptor;
import org.dataanalyst.spi.profiler.Accumulator;
import org.dataanalyst.spi.profiler.Metric;
import org.dataanalyst.spi.profiler.MetricValues;
import org.dataanalyst.spi.profiler.ProfileInput;
import org.dataanalyst.spi.profiler.Profiler;
import org.dataanalyst.spi.profiler.Profilers;
import org.dataanalyst.spi.profiler.Section;

/** Test plugins: small real profilers written against the SPI, each showing one behaviour. */
final class TestProfilers {

    private TestProfilers() {
    }

    private static Descriptor describe(String name) {
        return new Descriptor(name, "Test " + name, "a test profiler", Map.of("type", "object", "properties",
                Map.of("bins", Map.of("type", "integer", "minimum", 1)), "additionalProperties", false));
    }

    static boolean numeric(Column c) {
        return c.type().matches("(?i)(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|DOUBLE|FLOAT|DECIMAL.*)");
    }

    /**
     * Round 0: row count and min/max of every numeric column (one metric with a trailing {@code --} comment);
     * round 1: a histogram of each numeric column with bins from round 0's min and max.
     */
    static class Stats implements Profiler {
        final String name;
        final List<Integer> rounds = new ArrayList<>();

        Stats(String name) {
            this.name = name;
        }

        @Override
        public Descriptor descriptor() {
            return describe(name);
        }

        @Override
        public List<Metric> metrics(ProfileInput input, int round, MetricValues earlier) {
            rounds.add(round);
            List<Metric> metrics = new ArrayList<>();
            if (round == 0) {
                metrics.add(new Metric("rows", null, "count(*) -- the rows", true));
                for (Column c : input.schema().columns()) {
                    if (!numeric(c)) continue;
                    metrics.add(new Metric("min", c.name(), "min(" + Profilers.quote(c.name()) + ")", true));
                    metrics.add(new Metric("max", c.name(), "max(" + Profilers.quote(c.name()) + ")", true));
                }
            } else if (round == 1) {
                int bins = ((Number) input.options().getOrDefault("bins", 4)).intValue();
                for (Column c : input.schema().columns()) {
                    if (!numeric(c)) continue;
                    double min = earlier.number(c.name(), "min").orElseThrow().doubleValue();
                    double max = earlier.number(c.name(), "max").orElseThrow().doubleValue();
                    double width = (max - min) / bins;
                    for (int b = 0; b < bins; b++) {
                        double lo = min + b * width;
                        String upper = b == bins - 1 ? " <= " + max : " < " + (lo + width);
                        String q = Profilers.quote(c.name());
                        metrics.add(new Metric("bin" + b, c.name(),
                                "count(*) FILTER (WHERE " + q + " >= " + lo + " AND " + q + upper + ")", true));
                    }
                }
            }
            return metrics;
        }

        @Override
        public Section interpret(ProfileInput input, MetricValues values, List<Accumulator> accumulators) {
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("rows", values.get(null, "rows"));
            Map<String, Object> columns = new LinkedHashMap<>();
            for (Column c : input.schema().columns()) {
                if (!numeric(c)) continue;
                List<Object> bins = new ArrayList<>();
                for (int b = 0; values.has(c.name(), "bin" + b); b++) bins.add(values.get(c.name(), "bin" + b));
                columns.put(c.name(), Map.of("min", values.get(c.name(), "min"), "max", values.get(c.name(), "max"),
                        "bins", bins));
            }
            content.put("columns", columns);
            return new Section(content, List.of(new Section.Alert("test", null, Section.Severity.INFO, name + " ran")),
                    List.of(new Section.Check("rows_present", null, Section.Status.PASS, values.get(null, "rows"), 0,
                            "there are rows")));
        }
    }

    /** Throws while naming its metrics. */
    static class Throwing implements Profiler {
        @Override
        public Descriptor descriptor() {
            return describe("throwing");
        }

        @Override
        public List<Metric> metrics(ProfileInput input, int round, MetricValues earlier) {
            throw new IllegalStateException("this profiler always breaks");
        }

        @Override
        public Section interpret(ProfileInput input, MetricValues values, List<Accumulator> accumulators) {
            throw new AssertionError("never reached");
        }
    }

    /** A metric that does not plan (an unknown function), next to a good one. */
    static class BadSql implements Profiler {
        final AtomicInteger interpreted = new AtomicInteger();

        @Override
        public Descriptor descriptor() {
            return describe("bad_sql");
        }

        @Override
        public List<Metric> metrics(ProfileInput input, int round, MetricValues earlier) {
            return round > 0 ? List.of() : List.of(new Metric("fine", null, "count(*)", true),
                    new Metric("broken", null, "no_such_function_at_all(1)", true));
        }

        @Override
        public Section interpret(ProfileInput input, MetricValues values, List<Accumulator> accumulators) {
            interpreted.incrementAndGet();
            return new Section(Map.of(), List.of(), List.of());
        }
    }

    /** A metric that plans but fails while running (a cast of text that is not a number). */
    static class FailsWhileRunning implements Profiler {
        final String column;

        FailsWhileRunning(String column) {
            this.column = column;
        }

        @Override
        public Descriptor descriptor() {
            return describe("fails_running");
        }

        @Override
        public List<Metric> metrics(ProfileInput input, int round, MetricValues earlier) {
            return round > 0 ? List.of() : List.of(new Metric("sum", column,
                    "sum(CAST(" + Profilers.quote(column) + " AS INTEGER))", true));
        }

        @Override
        public Section interpret(ProfileInput input, MetricValues values, List<Accumulator> accumulators) {
            return new Section(Map.of(), List.of(), List.of());
        }
    }

    /** Never finishes interpreting (until interrupted). */
    static class Slow implements Profiler {
        final CountDownLatch never = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Override
        public Descriptor descriptor() {
            return describe("slow");
        }

        @Override
        public List<Metric> metrics(ProfileInput input, int round, MetricValues earlier) {
            return round > 0 ? List.of() : List.of(new Metric("rows", null, "count(*)", true));
        }

        @Override
        public Section interpret(ProfileInput input, MetricValues values, List<Accumulator> accumulators) {
            entered.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
            return new Section(Map.of(), List.of(), List.of());
        }
    }

    /** An accumulator counting the rows it gets and collecting distinct values of one column; no metrics. */
    static class Collector implements Profiler {
        final String name;
        final String column;
        final long sampleRows;

        Collector(String name, String column, long sampleRows) {
            this.name = name;
            this.column = column;
            this.sampleRows = sampleRows;
        }

        @Override
        public Descriptor descriptor() {
            return describe(name);
        }

        @Override
        public List<Metric> metrics(ProfileInput input, int round, MetricValues earlier) {
            return List.of();
        }

        @Override
        public List<Accumulator> accumulators(ProfileInput input) {
            return List.of(new Values(column, sampleRows));
        }

        @Override
        public Section interpret(ProfileInput input, MetricValues values, List<Accumulator> accumulators) {
            Map<String, Object> content = new LinkedHashMap<>();
            for (Accumulator a : accumulators) content.put(a.name(), a.result());
            return new Section(content, List.of(), List.of());
        }
    }

    static final class Values implements Accumulator {
        final String column;
        final long sampleRows;
        long rows;
        final Set<Object> distinct = new LinkedHashSet<>();
        Object last;
        boolean increasing = true;

        Values(String column, long sampleRows) {
            this.column = column;
            this.sampleRows = sampleRows;
        }

        @Override
        public String name() {
            return "values";
        }

        @Override
        public List<String> columns() {
            return List.of(column);
        }

        @Override
        public long sampleRows() {
            return sampleRows;
        }

        @Override
        public void accept(Object[] values) {
            rows++;
            distinct.add(values[0]);
            if (last != null && values[0] instanceof Comparable<?> c && compare(c, last) <= 0) increasing = false;
            last = values[0];
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static int compare(Comparable c, Object other) {
            return c.getClass() == other.getClass() ? c.compareTo(other) : 1;
        }

        @Override
        public void merge(Accumulator other) {
            Values o = (Values) other;
            rows += o.rows;
            distinct.addAll(o.distinct);
        }

        @Override
        public Object result() {
            return Map.of("rows", rows, "distinct", distinct.size(), "increasing", increasing);
        }
    }

    /** Runs a query of its own while interpreting. */
    static class Querying implements Profiler {
        @Override
        public Descriptor descriptor() {
            return describe("querying");
        }

        @Override
        public List<Metric> metrics(ProfileInput input, int round, MetricValues earlier) {
            return List.of();
        }

        @Override
        public Section interpret(ProfileInput input, MetricValues values, List<Accumulator> accumulators) {
            Object first = input.query("SELECT min(id) FROM data").single();
            String refused;
            try {
                input.query("COPY data TO 'x.csv'");
                refused = "no";
            } catch (IllegalArgumentException e) {
                refused = "yes";
            }
            return new Section(Map.of("first_id", first, "copy_refused", refused), List.of(), List.of());
        }
    }

    /** Reads the rows in file order through data_in_file_order: each id with its position. */
    static class InFileOrder implements Profiler {
        @Override
        public Descriptor descriptor() {
            return describe("in_file_order");
        }

        @Override
        public List<Metric> metrics(ProfileInput input, int round, MetricValues earlier) {
            return List.of();
        }

        @Override
        public Section interpret(ProfileInput input, MetricValues values, List<Accumulator> accumulators) {
            List<Object> row = input.query("SELECT string_agg(id::VARCHAR, ',' ORDER BY " + ProfileInput.ROW + "), min(" + ProfileInput.ROW
                    + "), max(" + ProfileInput.ROW + "), bool_and(id < lag_id) FROM (SELECT *, lag(id) OVER (ORDER BY "
                    + ProfileInput.ROW + ") AS lag_id FROM " + ProfileInput.DATA_IN_FILE_ORDER + ")").rows().get(0);
            Map<String, Object> content = new java.util.LinkedHashMap<>();
            content.put("ids", row.get(0));
            content.put("first_row", row.get(1));
            content.put("last_row", row.get(2));
            content.put("decreasing", row.get(3));
            return new Section(content, List.of(), List.of());
        }
    }
}

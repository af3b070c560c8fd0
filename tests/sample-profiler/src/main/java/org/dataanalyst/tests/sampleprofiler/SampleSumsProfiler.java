package org.dataanalyst.tests.sampleprofiler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.Descriptor;
import org.dataanalyst.spi.profiler.Accumulator;
import org.dataanalyst.spi.profiler.Metric;
import org.dataanalyst.spi.profiler.MetricValues;
import org.dataanalyst.spi.profiler.ProfileInput;
import org.dataanalyst.spi.profiler.Profiler;
import org.dataanalyst.spi.profiler.Profilers;
import org.dataanalyst.spi.profiler.Section;
import org.osgi.service.component.annotations.Component;

/**
 * The profiler {@code sample_sums}, the example of a profiler plugin. For every integer or decimal column it asks
 * for two SQL aggregates, the sum and the count of positive values, which the platform fuses with every other
 * profiler's metrics into one scan; a tiny {@link Accumulator} counts the rows it is fed by the shared streaming scan.
 * Its section:
 * <pre>
 * {"rows": figure, "rows_seen": figure, "columns": [{"name", "type", "sum": figure, "positive": figure}, …]}
 * </pre>
 * where a figure is {@code {"value": …, "exact": true}}; a column with values but none above zero raises the warning
 * {@code no_positive_values}. Floating-point columns are left out: their sum depends on the order of the additions.
 *
 * <p>The component keeps nothing between calls: everything comes with each profile's {@link ProfileInput}.
 */
@Component(service = Profiler.class)
public class SampleSumsProfiler implements Profiler {

    /** The profiler's name: its section key in profile.json and its options key in a profile run's parameters. */
    public static final String NAME = "sample_sums";

    private static final Set<String> INTEGERS = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
            "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT");

    @Override
    public Descriptor descriptor() {
        return new Descriptor(NAME, "Sample sums",
                "Exact sum and count of positive values of every integer and decimal column. An example plugin.",
                Map.of("type", "object", "properties", Map.of(), "additionalProperties", false));
    }

    /** Round 0: {@code count(*)}, and per summable column {@code sum(q)} and {@code count(*) FILTER (WHERE q > 0)}. */
    @Override
    public List<Metric> metrics(ProfileInput input, int round, MetricValues earlier) {
        if (round > 0) {
            return List.of(); // everything is known after one round
        }
        List<Metric> metrics = new ArrayList<>();
        metrics.add(new Metric("rows", null, "count(*)", true));
        for (Column c : summable(input)) {
            String q = Profilers.quote(c.name());
            metrics.add(new Metric("sum", c.name(), "sum(" + q + ")", true));
            metrics.add(new Metric("positive", c.name(), "count(*) FILTER (WHERE " + q + " > 0)", true));
        }
        return metrics;
    }

    /** One accumulator over the first column: it only needs to be called once per row. */
    @Override
    public List<Accumulator> accumulators(ProfileInput input) {
        List<Column> columns = input.schema().columns();
        return columns.isEmpty() ? List.of() : List.of(new RowCounter(columns.get(0).name()));
    }

    @Override
    public Section interpret(ProfileInput input, MetricValues values, List<Accumulator> accumulators) {
        Map<String, Object> content = new LinkedHashMap<>();
        Object rows = values.get(null, "rows");
        Object seen = accumulators.isEmpty() ? null : accumulators.get(0).result();
        content.put("rows", figure(rows));
        // accumulators see a sample of large versions (sample_rows): then rows_seen is of the sample, not exact
        content.put("rows_seen", figure(seen, seen != null && String.valueOf(seen).equals(String.valueOf(rows))));
        List<Map<String, Object>> columns = new ArrayList<>();
        List<Section.Alert> alerts = new ArrayList<>();
        for (Column c : summable(input)) {
            Object sum = values.get(c.name(), "sum");
            long positive = values.number(c.name(), "positive").map(Number::longValue).orElse(0L);
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("name", c.name());
            column.put("type", c.type());
            column.put("sum", figure(sum));
            column.put("positive", figure(positive));
            columns.add(column);
            if (sum != null && positive == 0) { // sum is NULL only when the column has no value at all
                alerts.add(new Section.Alert("no_positive_values", c.name(), Section.Severity.WARNING,
                        "column '" + c.name() + "' has no value above zero (sum " + sum + ")"));
            }
        }
        content.put("columns", columns);
        return new Section(content, alerts, List.of());
    }

    /** @return the integer and decimal columns, in schema order */
    private static List<Column> summable(ProfileInput input) {
        return input.schema().columns().stream().filter(c -> {
            String t = c.type().strip().toUpperCase(Locale.ROOT);
            return INTEGERS.contains(t) || t.startsWith("DECIMAL") || t.startsWith("NUMERIC");
        }).toList();
    }

    private static Map<String, Object> figure(Object value) {
        return figure(value, true);
    }

    private static Map<String, Object> figure(Object value, boolean exact) {
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("value", value);
        figure.put("exact", exact);
        return figure;
    }

    /** Counts the rows it is fed; mergeable, as the SPI asks. */
    static final class RowCounter implements Accumulator {
        private final String column;
        private long rows;

        RowCounter(String column) {
            this.column = column;
        }

        @Override
        public String name() {
            return "rows_seen";
        }

        @Override
        public List<String> columns() {
            return List.of(column);
        }

        @Override
        public void accept(Object[] values) {
            rows++;
        }

        @Override
        public void merge(Accumulator other) {
            rows += ((RowCounter) other).rows;
        }

        @Override
        public Object result() {
            return rows;
        }
    }
}

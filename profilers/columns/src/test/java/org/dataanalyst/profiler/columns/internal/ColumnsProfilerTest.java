package org.dataanalyst.profiler.columns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.dataanalyst.api.Column;
import org.dataanalyst.api.Schema;
import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.engine.duckdb.internal.DuckDbEngine;
import org.dataanalyst.spi.profiler.Accumulator;
import org.dataanalyst.spi.profiler.Profilers;
import org.dataanalyst.spi.profiler.Section;
import org.dataanalyst.tests.support.Fusion;
import org.dataanalyst.tests.support.JsonCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The column profiler on a real DuckDB over a Parquet file with known properties: every exact figure is
 * compared with an independent computation over the values read back (commons-math for the moments and
 * R-7 quantiles, plain Java for counts, lengths, patterns, bins, top values, granularity and order), and
 * every approximate figure with its stated bound.
 */
class ColumnsProfilerTest {

    static final int N = 4000;

    /** The test data: one column per property the profiler must find (comments say which). */
    static final String DATA = """
            SELECT i AS id,                                                                 -- unique, increasing: identifier
             CASE WHEN i % 10 = 3 THEN NULL ELSE ((hash(i) % 401)::BIGINT - 200) / 4.0 END::DOUBLE AS amount, -- nulls, zeros, negatives
             exp((hash(i * 7 + 1) % 10000) / 1000.0)::DOUBLE AS skewed,                     -- skewed
             'same' AS constant,                                                            -- constant
             CASE WHEN i % 20 < 14 THEN 'a' WHEN i % 20 < 18 THEN 'b' WHEN i % 20 = 18 THEN 'c'
                  WHEN i % 40 = 19 THEN '' ELSE NULL END AS category,                       -- categorical, empties
             'user' || (i % 1000) || '@example.com' AS email,                               -- emails
             (substr(md5(i::VARCHAR),1,8)||'-'||substr(md5(i::VARCHAR),9,4)||'-'||substr(md5(i::VARCHAR),13,4)||'-'
               ||substr(md5(i::VARCHAR),17,4)||'-'||substr(md5(i::VARCHAR),21,12))::UUID AS uid,  -- UUIDs
             date '2021-01-01' + (i // 4)::INTEGER AS day,                                  -- dates, non-strictly increasing
             timestamp '2021-01-01' + to_hours(i) AS ts,                                    -- hourly
             (timestamp '2021-01-01' + to_hours(i))::TIMESTAMPTZ AS tstz,
             CASE WHEN i % 17 = 0 THEN NULL ELSE hash(i) % 3 = 0 END AS flag,               -- booleans
             ((hash(i * 3) % 100000) / 100.0)::DECIMAL(10,2) AS price,                      -- decimals
             CASE WHEN i % 2 = 0 THEN (i % 97)::VARCHAR ELSE 'word' || (i % 13) END AS mixed, -- half numbers: mixed types
             '+1 555-' || lpad((i % 1000)::VARCHAR, 3, '0') || '-' || lpad((hash(i) % 10000)::VARCHAR, 4, '0') AS phone,
             'https://example.com/p/' || (i % 300) AS url,
             CASE WHEN i % 5 = 0 THEN NULL ELSE ['x', 'y' || (i % 3)] END AS tags,          -- nested list
             CASE WHEN i % 2 = 0 THEN 0 ELSE i % 7 END::INTEGER AS zeros,                   -- many zeros, categorical integer
             ((hash(i) % 201)::INTEGER - 100)::SMALLINT AS small,
             CASE WHEN i % 500 = 0 THEN 'nan'::FLOAT WHEN i % 500 = 1 THEN 'inf'::FLOAT
                  WHEN i % 500 = 2 THEN '-inf'::FLOAT ELSE (i % 100) / 8 END::FLOAT AS f,   -- NaN and infinities
             ((hash(i) % 1000000) / 10000.0)::DECIMAL(38,4) AS wide,                        -- wide decimal: sum in DOUBLE
             ('b' || (i % 10))::BLOB AS bin,
             to_hours(i % 5) AS span,
             {'a': i % 3, 'b': 'x'} AS st,
             MAP(['k'], [i % 4]) AS mp,
             NULL::INTEGER AS all_null,                                                     -- all missing
             CASE WHEN i % 20 = 0 THEN 'error' ELSE 'ok' END AS status,                     -- imbalanced
             'lorem ipsum ' || (hash(i * 11) % 1500) AS words,                             -- text, high cardinality
             uid::VARCHAR AS uid_text
            FROM (SELECT i, (substr(md5(i::VARCHAR),1,8)||'-'||substr(md5(i::VARCHAR),9,4)||'-'||substr(md5(i::VARCHAR),13,4)
                  ||'-'||substr(md5(i::VARCHAR),17,4)||'-'||substr(md5(i::VARCHAR),21,12))::UUID AS uid FROM range(4000) t(i))
            """;

    @TempDir
    Path root;

    private DuckDbEngine engine;
    private EngineSession session;
    private Schema schema;

    @BeforeEach
    void setUp() throws Exception {
        Path ws = Files.createDirectories(root.resolve("ws")).toRealPath();
        engine = new DuckDbEngine("1GB", 2, root.resolve("tmp"), "2GB");
        session = engine.open(ws, new Engine.SessionOptions(List.of(), true));
        Path file = ws.resolve("v1.parquet");
        session.execute("COPY (" + DATA + ") TO " + Profilers.literal(file.toString()) + " (FORMAT parquet)");
        // Parquet has no HUGEINT or ENUM (DuckDB writes DOUBLE and VARCHAR): the view adds them, as a database could
        // data_in_file_order as the run type has it: the same rows with __row, their position in the file
        session.execute("CREATE VIEW data_in_file_order AS SELECT * RENAME (file_row_number AS __row), "
                + "id::HUGEINT * 1000000000000 AS huge, "
                + "(CASE WHEN id % 3 = 0 THEN 'x' ELSE 'y' END)::ENUM('x', 'y') AS mood, "
                + "TIME '08:00:00' + to_minutes(id % 600) AS clock FROM read_parquet("
                + Profilers.literal(file.toString()) + ", file_row_number = true)");
        session.execute("CREATE VIEW data AS SELECT * EXCLUDE (__row) FROM data_in_file_order");
        schema = describe(session);
    }

    @AfterEach
    void tearDown() {
        session.close();
        engine.close();
    }

    static Schema describe(EngineSession session) {
        return new Schema(session.query("DESCRIBE SELECT * FROM data").rows().stream()
                .map(r -> new Column((String) r.get(0), (String) r.get(1), true)).toList());
    }

    /** Profiles {@code data} as the run type would (see {@link Fusion}). */
    static Section profile(EngineSession session, Schema schema, Map<String, Object> options) {
        long rows = (Long) session.query("SELECT count(*) FROM data").single();
        ColumnsPlanner planner = ColumnsProfiler.planner(schema, rows, options);
        List<Accumulator> accumulators = ColumnsProfiler.accumulators(planner);
        Fusion.Result r = Fusion.run(session, planner::metrics, accumulators);
        assertTrue(r.scans() <= 4, "3 rounds at most, plus the accumulator scan: " + r.scans());
        return ColumnsProfiler.interpret(planner, r.values(), accumulators, session::query, line -> {
        });
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> column(Section s, String name) {
        for (Object c : (List<Object>) s.content().get("columns")) {
            Map<String, Object> m = (Map<String, Object>) c;
            if (m.get("name").equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no column " + name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> figure(Map<String, Object> column, String name) {
        Map<String, Object> f = (Map<String, Object>) ((Map<String, Object>) column.get("figures")).get(name);
        assertNotNull(f, column.get("name") + ": no figure " + name);
        return f;
    }

    static Object value(Map<String, Object> column, String name) {
        return figure(column, name).get("value");
    }

    private List<Object> values(String column) {
        return session.query("SELECT " + Profilers.quote(column) + " FROM data").rows().stream().map(r -> r.get(0))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private List<Object> texts(String column) {
        return session.query("SELECT " + Profilers.quote(column) + "::VARCHAR FROM data").rows().stream()
                .map(r -> r.get(0)).collect(Collectors.toCollection(ArrayList::new));
    }

    static void close(double expected, Object actual, String what) {
        assertTrue(actual instanceof Number, what + ": not a number: " + actual);
        double a = ((Number) actual).doubleValue();
        double tolerance = 1e-9 * Math.max(1, Math.abs(expected));
        assertTrue(Math.abs(a - expected) <= tolerance, what + ": expected " + expected + ", got " + a);
    }

    // ------------------------------------------------------------------ exact figures

    /**
     * With the defaults most numeric and date columns of the test data have few enough values to be counted value
     * by value; with {@code value_counts_max_distinct} 0 they get count(DISTINCT) or a bitmap, quantile_cont and
     * histogram(x, [bounds]) instead: both ways every exact figure must be right.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {10_000, 0})
    void everyExactFigureMatchesAnIndependentComputation(int valueCountsMaxDistinct) {
        Section s = profile(session, schema, Map.of("value_counts_max_distinct", valueCountsMaxDistinct));
        String json = JsonCheck.write(s.content());
        if (System.getProperty("dump.profile") != null) {
            System.out.println(json);
            s.alerts().forEach(System.out::println);
        }
        assertEquals((long) N, ((Map<?, ?>) s.content().get("rows")).get("value"));
        for (Column c : schema.columns()) {
            Map<String, Object> col = column(s, c.name());
            Kind kind = Kind.of(c.type());
            List<Object> vals = values(c.name());
            List<Object> present = vals.stream().filter(Objects::nonNull).toList();
            String w = c.name();
            assertEquals((long) present.size(), value(col, "count"), w);
            assertEquals((long) (N - present.size()), value(col, "missing"), w);
            close(100.0 * (N - present.size()) / N, value(col, "missing_pct"), w);

            Map<String, Object> distinct = figure(col, "distinct");
            Set<Object> set = new HashSet<>(kind.nested() || kind == Kind.UUID || kind == Kind.BLOB || kind == Kind.INTERVAL
                    ? texts(c.name()).stream().filter(Objects::nonNull).toList() : present);
            if (Boolean.TRUE.equals(distinct.get("exact"))) {
                assertEquals((long) set.size(), distinct.get("value"), w + " distinct");
            } else {
                withinRelative(set.size(), distinct, w + " distinct");
            }
            if (kind.numeric()) {
                double skew = numeric(col, kind, present);
                boolean alerted = s.alerts().stream().anyMatch(a -> a.kind().equals("skewed") && a.column().equals(w));
                assertEquals(Math.abs(skew) > 1.0, alerted, w + " skewed alert, skewness " + skew);
                long zeros = present.stream().filter(o -> ((Number) o).doubleValue() == 0).count();
                boolean many = s.alerts().stream().anyMatch(a -> a.kind().equals("many_zeros") && a.column().equals(w));
                assertEquals(zeros > 0 && 100.0 * zeros / present.size() >= 10, many, w + " many_zeros alert");
            }
            if (kind == Kind.STRING) {
                text(col, present.stream().map(String.class::cast).toList());
            }
            if (kind.temporal()) {
                temporal(col, kind, present);
            }
            if (kind == Kind.BOOLEAN) {
                long trues = present.stream().filter(Boolean.TRUE::equals).count();
                assertEquals(trues, value(col, "true"), w);
                assertEquals(present.size() - trues, value(col, "false"), w);
            }
            if (kind == Kind.LIST || kind == Kind.MAP || kind == Kind.BLOB) {
                String len = kind == Kind.LIST ? "array_length" : kind == Kind.MAP ? "len(map_keys(" : "strlen(";
                String expr = kind == Kind.LIST ? len + "(" + Profilers.quote(w) + ")"
                        : kind == Kind.MAP ? len + Profilers.quote(w) + "))" : len + Profilers.quote(w) + "::VARCHAR)";
                List<Object> stats = session.query("SELECT min(l), avg(l), max(l) FROM (SELECT " + expr + " AS l FROM data)")
                        .rows().get(0);
                lengths(col, ((Number) stats.get(0)).longValue(), ((Number) stats.get(1)).doubleValue(),
                        ((Number) stats.get(2)).longValue());
            }
            if (kind.sequential() && !present.isEmpty()) {
                assertEquals(order(vals), col.get("monotonic"), w + " monotonic");
            } else {
                assertNull(col.get("monotonic"), w);
            }
        }

        Map<String, String> semantic = new LinkedHashMap<>();
        semantic.put("id", "identifier");
        semantic.put("amount", "numeric");
        semantic.put("skewed", "numeric");
        semantic.put("constant", "categorical");
        semantic.put("category", "categorical");
        semantic.put("uid", "identifier");
        semantic.put("uid_text", "identifier");
        semantic.put("day", "datetime");
        semantic.put("tstz", "datetime");
        semantic.put("flag", "boolean");
        semantic.put("price", "numeric");
        semantic.put("mixed", "categorical");
        semantic.put("tags", "nested");
        semantic.put("st", "nested");
        semantic.put("mp", "nested");
        semantic.put("zeros", "categorical");
        semantic.put("small", "numeric");
        semantic.put("bin", "binary");
        semantic.put("all_null", "empty");
        semantic.put("status", "categorical");
        semantic.put("words", "text");
        semantic.put("huge", "identifier");
        semantic.put("mood", "categorical");
        semantic.put("clock", "datetime");
        topK(column(s, "mood"), values("mood").stream().filter(Objects::nonNull).toList());
        semantic.forEach((name, type) -> assertEquals(type, column(s, name).get("semantic_type"), name));
        Map<String, String> pattern = Map.of("email", "email", "uid_text", "uuid", "url", "url", "phone", "phone");
        pattern.forEach((name, p) -> assertEquals(p, column(s, name).get("pattern"), name));
        assertNull(column(s, "mixed").get("pattern"));
        assertNull(column(s, "words").get("pattern"));

        assertEquals("day", ((Map<?, ?>) column(s, "day").get("date_range")).get("granularity"));
        assertEquals("hour", ((Map<?, ?>) column(s, "ts").get("date_range")).get("granularity"));
        assertEquals("hour", ((Map<?, ?>) column(s, "tstz").get("date_range")).get("granularity"));
        assertEquals(true, column(s, "id").get("monotonic_strict"));
        assertEquals(false, column(s, "day").get("monotonic_strict"));

        // alerts: the ones the data was built for, and none where it was not
        Set<String> alerts = s.alerts().stream().map(a -> a.kind() + ":" + a.column()).collect(Collectors.toSet());
        for (String expected : List.of("constant:constant", "high_missing:all_null", "skewed:skewed", "many_zeros:zeros",
                "mixed_types:mixed", "unique:id", "unique:uid", "unique:uid_text", "high_cardinality:words",
                "imbalance:status")) {
            assertTrue(alerts.contains(expected), expected + " missing from " + alerts);
        }
        for (String unexpected : List.of("constant:amount", "skewed:amount", "unique:email", "mixed_types:email",
                "high_missing:amount", "imbalance:category", "high_cardinality:category", "mixed_types:phone")) {
            assertFalse(alerts.contains(unexpected), unexpected + " in " + alerts);
        }
    }

    /** @return the independently computed skewness */
    private double numeric(Map<String, Object> col, Kind kind, List<Object> present) {
        String w = (String) col.get("name");
        if (present.isEmpty()) {
            for (String f : List.of("min", "max", "mean", "std", "variance", "sum", "median")) {
                assertNull(value(col, f), w + " " + f);
            }
            assertNull(col.get("histogram"), w);
            return 0;
        }
        List<Double> finite = present.stream().map(o -> ((Number) o).doubleValue()).filter(Double::isFinite).toList();
        double[] xs = finite.stream().mapToDouble(Double::doubleValue).toArray();
        DescriptiveStatistics ds = new DescriptiveStatistics(xs);
        close(ds.getMin(), value(col, "min"), w + " min");
        close(ds.getMax(), value(col, "max"), w + " max");
        close(ds.getMean(), value(col, "mean"), w + " mean");
        close(ds.getStandardDeviation(), value(col, "std"), w + " std");
        close(ds.getVariance(), value(col, "variance"), w + " variance");
        closeLoose(ds.getSkewness(), value(col, "skewness"), w + " skewness");
        closeLoose(ds.getKurtosis(), value(col, "kurtosis"), w + " kurtosis");
        Map<String, Object> sum = figure(col, "sum");
        if (kind == Kind.FLOAT || Boolean.FALSE.equals(sum.get("exact"))) {
            close(finite.stream().mapToDouble(Double::doubleValue).sum(), sum.get("value"), w + " sum");
            if (Boolean.FALSE.equals(sum.get("exact"))) {
                assertTrue(kind == Kind.HUGE_INTEGER || kind == Kind.DECIMAL, w);
            }
        } else {
            BigDecimal exact = present.stream().map(o -> new BigDecimal(o.toString())).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(0, exact.compareTo(new BigDecimal(sum.get("value").toString())), w + " sum " + exact + " vs " + sum);
        }
        assertEquals(present.stream().filter(o -> ((Number) o).doubleValue() == 0).count(), value(col, "zeros"), w);
        assertEquals(present.stream().filter(o -> ((Number) o).doubleValue() < 0).count(), value(col, "negatives"), w);
        Percentile p = new Percentile().withEstimationType(EstimationType.R_7);
        p.setData(xs);
        double[] fractions = {5, 25, 50, 75, 95};
        List<String> names = ColumnsPlanner.QUANTILE_NAMES;
        for (int i = 0; i < fractions.length; i++) {
            assertTrue(Boolean.TRUE.equals(figure(col, names.get(i)).get("exact")), w);
            close(p.evaluate(fractions[i]), value(col, names.get(i)), w + " " + names.get(i));
        }
        close(p.evaluate(75) - p.evaluate(25), value(col, "iqr"), w + " iqr");
        if (kind == Kind.FLOAT) {
            assertEquals(present.stream().filter(o -> ((Double) o).isNaN()).count(), value(col, "nan"), w);
            assertEquals(present.stream().filter(o -> ((Double) o).isInfinite()).count(), value(col, "infinite"), w);
        }
        if (!"categorical".equals(col.get("semantic_type")) && !"boolean".equals(col.get("semantic_type"))) {
            bins(col, finite);
        } else {
            topK(col, present.stream().map(o -> (Object) ((Number) o).longValue()).toList());
        }
        return ds.getSkewness();
    }

    static void closeLoose(double expected, Object actual, String what) {
        if (Double.isNaN(expected)) {
            assertNull(actual, what);
            return;
        }
        assertTrue(actual instanceof Number, what + ": not a number: " + actual);
        double a = ((Number) actual).doubleValue();
        assertTrue(Math.abs(a - expected) <= 1e-7 * Math.max(1, Math.abs(expected)), what + ": expected " + expected + ", got " + a);
    }

    /** Bin i holds e_i <= x < e_i+1, the last one everything from its left edge on. */
    private static void bins(Map<String, Object> col, List<Double> xs) {
        @SuppressWarnings("unchecked")
        Map<String, Object> h = (Map<String, Object>) col.get("histogram");
        assertEquals("bins", h.get("kind"), col.get("name") + " histogram");
        List<Double> edges = ((List<?>) h.get("edges")).stream().map(ColumnsProfilerTest::seconds).toList();
        List<?> counts = (List<?>) h.get("counts");
        assertEquals(edges.size() - 1, counts.size());
        long[] expected = new long[counts.size()];
        for (double x : xs) {
            int i = 0;
            while (i < counts.size() - 1 && x >= edges.get(i + 1)) {
                i++;
            }
            expected[i]++;
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], counts.get(i), col.get("name") + " bin " + i + " " + h);
        }
        assertTrue(xs.stream().allMatch(x -> x >= edges.get(0)), col.get("name") + ": values below the first edge");
    }

    /** Edges as numbers: numbers, days for dates, seconds for date-times. */
    private static double seconds(Object edge) {
        if (edge instanceof Number n) {
            return n.doubleValue();
        }
        String s = (String) edge;
        if (s.length() == 10) {
            return LocalDate.parse(s).toEpochDay();
        }
        if (s.endsWith("Z")) {
            Instant i = Instant.parse(s);
            return i.getEpochSecond() + i.getNano() / 1e9;
        }
        LocalDateTime t = LocalDateTime.parse(s);
        return t.toEpochSecond(ZoneOffset.UTC) + t.getNano() / 1e9;
    }

    private void text(Map<String, Object> col, List<String> present) {
        String w = (String) col.get("name");
        assertEquals(present.stream().filter(String::isEmpty).count(), value(col, "empty"), w);
        assertEquals(present.stream().min(Comparator.naturalOrder()).orElse(null), value(col, "min"), w);
        assertEquals(present.stream().max(Comparator.naturalOrder()).orElse(null), value(col, "max"), w);
        lengths(col, present.stream().mapToLong(x -> x.codePointCount(0, x.length())).min().orElse(0),
                present.stream().mapToLong(x -> x.codePointCount(0, x.length())).average().orElse(0),
                present.stream().mapToLong(x -> x.codePointCount(0, x.length())).max().orElse(0));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> shares = (Map<String, Map<String, Object>>) col.get("patterns");
        for (Map.Entry<String, String> p : ColumnsPlanner.PATTERNS.entrySet()) {
            Pattern re = Pattern.compile(p.getValue());
            long matched = present.stream().filter(x -> re.matcher(x).matches()).count();
            double share = 100.0 * matched / present.size();
            if (shares.containsKey(p.getKey())) {
                close(share, shares.get(p.getKey()).get("value"), w + " pattern " + p.getKey());
            } else {
                assertTrue(share < 10, w + ": pattern " + p.getKey() + " skipped although " + share + " % match");
            }
        }
        if (col.get("histogram") == null) {
            // top values are left out only for (nearly) unique text, where every count is 1 or so
            assertTrue(new HashSet<>(present).size() >= 0.5 * present.size(), w + " has no top values");
        } else {
            topK(col, new ArrayList<>(present));
        }
    }

    @SuppressWarnings("unchecked")
    private static void topK(Map<String, Object> col, List<Object> present) {
        Map<String, Object> h = (Map<String, Object>) col.get("histogram");
        assertEquals("top_k", h.get("kind"), col.get("name") + " histogram");
        Map<Object, Long> counts = present.stream().collect(Collectors.groupingBy(x -> x, HashMap::new, Collectors.counting()));
        List<Map<String, Object>> listed = (List<Map<String, Object>>) h.get("values");
        long sum = 0;
        Set<Object> seen = new HashSet<>();
        for (Map<String, Object> e : listed) {
            assertEquals(counts.get(e.get("value")), e.get("count"), col.get("name") + " count of " + e.get("value"));
            sum += (Long) e.get("count");
            seen.add(e.get("value"));
        }
        assertEquals(present.size() - sum, h.get("other"), col.get("name") + " other");
        long smallestListed = listed.stream().mapToLong(e -> (Long) e.get("count")).min().orElse(0);
        long largestOther = counts.entrySet().stream().filter(e -> !seen.contains(e.getKey())).mapToLong(Map.Entry::getValue)
                .max().orElse(0);
        if (Boolean.TRUE.equals(h.get("exact"))) {
            assertTrue(smallestListed >= largestOther, col.get("name") + ": a more frequent value was left out");
            assertEquals(Math.min(10, counts.size()), listed.size(), String.valueOf(col.get("name")));
        }
    }

    @SuppressWarnings("unchecked")
    private static void lengths(Map<String, Object> col, long min, double mean, long max) {
        Map<String, Object> l = (Map<String, Object>) col.get("lengths");
        assertNotNull(l, col.get("name") + " lengths");
        assertEquals(min, ((Number) ((Map<String, Object>) l.get("min")).get("value")).longValue(), col.get("name") + " len min");
        close(mean, ((Map<String, Object>) l.get("mean")).get("value"), col.get("name") + " len mean");
        assertEquals(max, ((Number) ((Map<String, Object>) l.get("max")).get("value")).longValue(), col.get("name") + " len max");
    }

    private void temporal(Map<String, Object> col, Kind kind, List<Object> present) {
        String w = (String) col.get("name");
        List<Double> secs = present.stream().map(o -> Figures.seconds(o).getAsDouble()).toList();
        @SuppressWarnings("unchecked")
        Map<String, Object> range = (Map<String, Object>) col.get("date_range");
        Object min = present.stream().min(ColumnsProfilerTest::compareTemporal).orElseThrow();
        Object max = present.stream().max(ColumnsProfilerTest::compareTemporal).orElseThrow();
        assertEquals(min.toString(), range.get("min"), w);
        assertEquals(max.toString(), range.get("max"), w);
        assertEquals(granularity(present), range.get("granularity"), w);
        bins(col, kind == Kind.DATE ? secs.stream().map(x -> x / 86_400).toList() : secs);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareTemporal(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    /** The coarsest calendar unit every value is aligned to. */
    private static String granularity(Collection<Object> values) {
        int level = 1;
        for (Object o : values) {
            LocalDateTime t = o instanceof LocalDate d ? d.atStartOfDay()
                    : o instanceof OffsetDateTime z ? z.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                    : (LocalDateTime) o;
            int l = t.getNano() % 1_000_000 != 0 ? 8 : t.getNano() != 0 ? 7 : t.getSecond() != 0 ? 6
                    : t.getMinute() != 0 ? 5 : t.getHour() != 0 ? 4 : t.getDayOfMonth() != 1 ? 3
                    : t.getMonthValue() != 1 ? 2 : 1;
            level = Math.max(level, l);
        }
        return List.of("", "year", "month", "day", "hour", "minute", "second", "millisecond", "microsecond").get(level);
    }

    /** The order of the non-null values in file order, computed directly. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String order(List<Object> vals) {
        boolean up = true;
        boolean down = true;
        boolean changed = false;
        Comparable prev = null;
        for (Object o : vals) {
            if (o == null || (o instanceof Double d && d.isNaN())) {
                continue;
            }
            Comparable c = (Comparable) o;
            if (prev != null) {
                int cmp = c.compareTo(prev);
                up &= cmp >= 0;
                down &= cmp <= 0;
                changed |= cmp != 0;
            }
            prev = c;
        }
        return !changed ? "none" : up ? "increasing" : down ? "decreasing" : "none";
    }

    static void withinRelative(double truth, Map<String, Object> figure, String what) {
        assertEquals(false, figure.get("exact"), what);
        double error = ((Number) figure.get("error")).doubleValue();
        double v = ((Number) figure.get("value")).doubleValue();
        assertTrue(Math.abs(v - truth) <= error * Math.max(1, truth), what + ": " + v + " vs " + truth + " (bound " + error + ")");
    }

    // ------------------------------------------------------------------ approximate figures

    @Test
    void approximateFiguresStayWithinTheirStatedBounds() {
        Section s = profile(session, schema, Map.of("exact_distinct_max", 0, "unique_check_max_rows", 0,
                "exact_quantiles_max_rows", 0, "histogram_max_distinct", 1, "value_counts_max_distinct", 0));
        int checkedQuantiles = 0;
        for (Column c : schema.columns()) {
            Kind kind = Kind.of(c.type());
            Map<String, Object> col = column(s, c.name());
            List<Object> present = values(c.name()).stream().filter(Objects::nonNull).toList();
            if (present.isEmpty() || kind == Kind.BOOLEAN) {
                continue;
            }
            Set<Object> set = new HashSet<>(kind.nested() || kind == Kind.UUID || kind == Kind.BLOB || kind == Kind.INTERVAL
                    ? texts(c.name()).stream().filter(Objects::nonNull).toList() : present);
            Map<String, Object> distinct = figure(col, "distinct");
            boolean bitmap = bitmapRange(kind, present) < ColumnsPlanner.BITMAP_MAX;
            if (bitmap) {
                // integer and date columns spanning fewer than 2^26 values are counted exactly by a bitmap, always
                assertEquals(true, distinct.get("exact"), c.name());
            }
            if (Boolean.TRUE.equals(distinct.get("exact"))) {
                // only where the estimate allowed exact value counts (at most histogram_max_distinct values) or a bitmap
                assertTrue(set.size() <= 1 || bitmap, c.name());
                assertEquals((long) set.size(), distinct.get("value"), c.name());
            } else {
                withinRelative(set.size(), distinct, c.name() + " distinct");
            }
            if (kind.numeric()) {
                double[] xs = present.stream().mapToDouble(o -> ((Number) o).doubleValue()).filter(Double::isFinite).toArray();
                Percentile p = new Percentile().withEstimationType(EstimationType.R_7);
                p.setData(xs);
                double[] fractions = {0.05, 0.25, 0.5, 0.75, 0.95};
                for (int i = 0; i < fractions.length; i++) {
                    Map<String, Object> q = figure(col, ColumnsPlanner.QUANTILE_NAMES.get(i));
                    assertEquals(false, q.get("exact"));
                    double e = ((Number) q.get("error")).doubleValue();
                    double lo = Math.floor(p.evaluate(Math.max(1e-9, fractions[i] - e) * 100));
                    double hi = Math.ceil(p.evaluate(Math.min(1, fractions[i] + e) * 100));
                    double got = ((Number) q.get("value")).doubleValue();
                    assertTrue(got >= lo && got <= hi, c.name() + " " + q + " outside [" + lo + ", " + hi + "]");
                    checkedQuantiles++;
                }
            }
            if (kind == Kind.STRING && col.get("histogram") instanceof Map<?, ?> h && "top_k".equals(h.get("kind"))) {
                // approx_top_k picks the values; their counts are exact
                topK(col, new ArrayList<>(present));
            }
        }
        assertTrue(checkedQuantiles > 20);
        assertEquals(false, ((Map<?, ?>) column(s, "category").get("histogram")).get("exact"));
    }

    /** @return max - min of integer or date values (in days), or Long.MAX_VALUE for other kinds */
    static long bitmapRange(Kind kind, List<Object> present) {
        if (kind == Kind.DATE) {
            List<java.time.LocalDate> days = present.stream().map(java.time.LocalDate.class::cast).sorted().toList();
            return java.time.temporal.ChronoUnit.DAYS.between(days.get(0), days.get(days.size() - 1));
        }
        if (kind != Kind.INTEGER && kind != Kind.HUGE_INTEGER) {
            return Long.MAX_VALUE;
        }
        List<java.math.BigInteger> xs = present.stream().map(o -> o instanceof java.math.BigDecimal b ? b.toBigIntegerExact()
                : java.math.BigInteger.valueOf(((Number) o).longValue())).sorted().toList();
        java.math.BigInteger span = xs.get(xs.size() - 1).subtract(xs.get(0));
        return span.bitLength() < 63 ? span.longValue() : Long.MAX_VALUE;
    }

    /**
     * Integer columns of every width and sign, and dates, with NULLs: above exact_distinct_max their distinct
     * count comes from a bitmap between min and max, exact, as long as the range is below 2^26 values.
     */
    @Test
    void bitmapDistinctCountsAreExactForIntegersAndDates() {
        session.execute("CREATE OR REPLACE VIEW data AS SELECT "
                + "(i % 200 - 100)::TINYINT AS tiny, (i % 251)::UTINYINT AS utiny, (i * 7 % 30011 - 15000)::INTEGER AS int, "
                + "(18446744073709551615 - (i % 3000))::UBIGINT AS ubig, (-9223372036854775808 + i % 2999)::BIGINT AS low, "
                + "(i % 2500)::HUGEINT * 1000 AS huge_wide, (i % 2500)::UHUGEINT AS uhuge, "
                + "CASE WHEN i % 9 = 0 THEN NULL ELSE DATE '1990-01-01' + (i * 13 % 20000)::INTEGER END AS day, "
                + "CASE WHEN i % 4 = 0 THEN NULL ELSE i * 100000 END AS sparse_wide "
                + "FROM range(40000) t(i)");
        Schema bits = describe(session);
        Section s = profile(session, bits, Map.of("exact_distinct_max", 0, "unique_check_max_rows", 0));
        for (Column c : bits.columns()) {
            Kind kind = Kind.of(c.type());
            List<Object> present = values(c.name()).stream().filter(Objects::nonNull).toList();
            Map<String, Object> distinct = figure(column(s, c.name()), "distinct");
            long range = bitmapRange(kind, present);
            assertEquals(range < ColumnsPlanner.BITMAP_MAX, distinct.get("exact"), c.name() + " " + distinct + ", range " + range);
            if (Boolean.TRUE.equals(distinct.get("exact"))) {
                assertEquals((long) new HashSet<>(present).size(), distinct.get("value"), c.name());
            } else {
                withinRelative(new HashSet<>(present).size(), distinct, c.name());
            }
        }
    }

    @Test
    void optionsAreCheckedAndNamed() {
        try {
            ColumnsOptions.from(Map.of("top_kk", 3));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("top_kk"), e.getMessage());
        }
        try {
            ColumnsOptions.from(Map.of("bins", 1));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("bins"), e.getMessage());
        }
        try {
            ColumnsProfiler.planner(schema, N, Map.of("columns", List.of("nope")));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("nope"), e.getMessage());
        }
        Section s = profile(session, schema, Map.of("columns", List.of("amount"), "monotonicity", false));
        assertEquals(1, ((List<?>) s.content().get("columns")).size());
        assertNull(column(s, "amount").get("monotonic"));
        assertEquals(new ColumnsProfiler().descriptor().optionsSchema().get("type"), "object");

        // above monotonicity_max_rows no accumulator is fed: the order is checked in SQL, with the same result
        ColumnsPlanner big = ColumnsProfiler.planner(schema, N, Map.of("monotonicity_max_rows", N - 1));
        assertEquals(List.of(), ColumnsProfiler.accumulators(big));
        Section fed = profile(session, schema, Map.of());
        Section queried = profile(session, schema, Map.of("monotonicity_max_rows", N - 1));
        int sequential = 0;
        for (Object c : (List<?>) fed.content().get("columns")) {
            String name = (String) ((Map<?, ?>) c).get("name");
            Map<String, Object> a = column(fed, name);
            Map<String, Object> b = column(queried, name);
            assertEquals(a.get("monotonic"), b.get("monotonic"), name);
            assertEquals(a.get("monotonic_strict"), b.get("monotonic_strict"), name);
            if (a.get("monotonic") != null) sequential++;
        }
        assertTrue(sequential >= 3, "several numeric and date/time columns compared: " + sequential);
        assertEquals("increasing", column(queried, "id").get("monotonic"));
        assertEquals(Boolean.TRUE, column(queried, "id").get("monotonic_strict"));
    }

    /** The SQL check (versions above monotonicity_max_rows) against the accumulator, on columns of every order. */
    @Test
    void orderInSqlEqualsTheAccumulatorsOnEveryKindOfOrder() {
        session.execute("CREATE OR REPLACE VIEW data AS SELECT i AS up, 1000 - i AS down, i // 10 AS steps, "
                + "CASE WHEN i % 7 = 0 THEN NULL ELSE i END AS up_with_nulls, "
                + "CASE WHEN i = 500 THEN 'NaN'::DOUBLE ELSE i * 0.5 END AS up_with_nan, "
                + "(i * 7919) % 1000 AS shuffled, 5 AS constant, "
                + "CASE WHEN i = 999 THEN -1 ELSE i END AS drops_at_the_end, "
                + "CASE WHEN i = 0 THEN 2000 ELSE 1000 - i END AS down_but_starts_high, "
                + "DATE '2024-01-01' + (i // 3)::INTEGER AS days FROM range(1000) t(i)");
        Schema order = inFileOrder("up");
        Section fed = profile(session, order, Map.of());
        Section queried = profile(session, order, Map.of("monotonicity_max_rows", 10));
        Map<String, String> expected = Map.of("up", "increasing", "down", "decreasing", "steps", "increasing",
                "up_with_nulls", "increasing", "up_with_nan", "increasing", "shuffled", "none", "constant", "none",
                "drops_at_the_end", "none", "down_but_starts_high", "decreasing", "days", "increasing");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), column(fed, e.getKey()).get("monotonic"), "accumulator, " + e.getKey());
            assertEquals(e.getValue(), column(queried, e.getKey()).get("monotonic"), "SQL, " + e.getKey());
            assertEquals(column(fed, e.getKey()).get("monotonic_strict"), column(queried, e.getKey()).get("monotonic_strict"),
                    e.getKey());
        }
        assertEquals(Boolean.FALSE, column(queried, "steps").get("monotonic_strict"));
        assertEquals(Boolean.TRUE, column(queried, "up").get("monotonic_strict"));
    }

    /**
     * The order check in SQL reads first and last values from the ends of the file, and from every row only for
     * columns that are NULL throughout those ends; min and max come from round 0, or from a query for float
     * columns with NaN or infinities. Every answer equals the accumulator's.
     */
    @Test
    void orderInSqlReadsTheEndsOfTheFileAndFallsBackToEveryRow() {
        session.execute("CREATE OR REPLACE VIEW data AS SELECT i AS up, "
                + "CASE WHEN i < 100 OR i >= 900 THEN NULL ELSE i END AS late_up, "
                + "CASE WHEN i < 100 THEN NULL ELSE 1000 - i END AS late_down, "
                + "CASE WHEN i < 100 THEN NULL ELSE (i * 7919) % 1000 END AS late_shuffled, "
                + "CASE WHEN i = 999 THEN 'Infinity'::DOUBLE WHEN i = 500 THEN 'NaN'::DOUBLE ELSE i * 0.5 END AS up_to_infinity, "
                + "CASE WHEN i = 0 THEN 'NaN'::DOUBLE ELSE 1000.0 - i END AS down_after_nan, "
                + "CASE WHEN i < 950 THEN NULL ELSE i END AS only_at_the_end FROM range(1000) t(i)");
        Schema order = inFileOrder("up");
        Section fed = profile(session, order, Map.of());
        ColumnsPlanner planner = ColumnsProfiler.planner(order, 1000, Map.of("monotonicity_max_rows", 10));
        Fusion.Result r = Fusion.run(session, planner::metrics, List.of());
        List<String> queries = new ArrayList<>();
        Map<String, Object> queried = OrderQueries.monotonicity(
                planner.targets().stream().filter(t -> t.kind().sequential()).toList(), r.values(), 1000, sql -> {
                    queries.add(sql);
                    return session.query(sql);
                }, 50);
        Map<String, String> expected = Map.of("up", "increasing", "late_up", "increasing", "late_down", "decreasing",
                "late_shuffled", "none", "up_to_infinity", "increasing", "down_after_nan", "decreasing",
                "only_at_the_end", "increasing");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), column(fed, e.getKey()).get("monotonic"), "accumulator, " + e.getKey());
            Map<?, ?> q = (Map<?, ?>) queried.get(e.getKey());
            assertEquals(e.getValue(), q.get("order"), "SQL, " + e.getKey());
            assertEquals(column(fed, e.getKey()).get("monotonic_strict"), q.get("strict"), e.getKey());
        }
        // min/max queried only for the two float columns with NaN or infinity; both ends read from the file's
        // ends first, then from every row for the columns NULL there
        assertTrue(queries.get(0).startsWith("SELECT min(nullif(\"up_to_infinity\""), queries.get(0));
        assertTrue(queries.get(1).contains("arg_min") && queries.get(1).endsWith("WHERE __row < 50"), queries.get(1));
        assertTrue(queries.get(2).contains("arg_min(\"late_up\"") && !queries.get(2).contains("WHERE"), queries.get(2));
        assertTrue(queries.get(3).contains("arg_max") && queries.get(3).endsWith("WHERE __row >= 950"), queries.get(3));
        assertTrue(queries.get(4).contains("arg_max(\"late_up\"") && !queries.get(4).contains("WHERE"), queries.get(4));
    }

    /**
     * Defines {@code data_in_file_order} over the view {@code data}, numbering its rows in the order of a column
     * (as the run type's view numbers the staged file's rows), and returns the schema of {@code data}.
     */
    private Schema inFileOrder(String orderColumn) {
        session.execute("CREATE OR REPLACE VIEW data_in_file_order AS SELECT *, row_number() OVER () - 1 AS __row FROM "
                + "(SELECT * FROM data ORDER BY " + orderColumn + ")");
        return describe(session);
    }
}

package org.dataanalyst.profiler.quality.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.Schema;
import org.dataanalyst.api.SchemaDrift;
import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.engine.duckdb.internal.DuckDbEngine;
import org.dataanalyst.spi.profiler.Profilers;
import org.dataanalyst.spi.profiler.Section;
import org.dataanalyst.spi.profiler.Section.Check;
import org.dataanalyst.spi.profiler.Section.Status;
import org.dataanalyst.tests.support.Fusion;
import org.dataanalyst.tests.support.JsonCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality profiler on a real DuckDB over Parquet files written in the test: missing cells, duplicate
 * rows and every rule's violations are compared with a computation in plain Java over the rows read back.
 */
class QualityProfilerTest {

    /** 1000 distinct rows, then the rows with i % 50 = 0 once more and those with i % 100 = 0 twice more: 40 duplicates. */
    static final String DATA = """
            WITH base AS (
              SELECT i AS id,
                CASE WHEN i % 7 = 0 THEN NULL ELSE 'n' || i END AS name,
                CASE WHEN i % 11 = 0 THEN NULL ELSE i / 10.0 END::DOUBLE AS score,
                date '2024-01-01' + (i % 30)::INTEGER AS day,
                CASE WHEN i % 97 = 0 THEN 'bogus' WHEN i % 3 = 0 THEN 'new' ELSE 'open' END AS status,
                CASE WHEN i % 13 = 0 THEN 'bad' ELSE 'u' || i || '@x.org' END AS email,
                CASE WHEN i % 9 = 0 THEN NULL ELSE [i % 3] END AS tags,
                MAP(['k'], [i % 2]) AS m
              FROM range(1000) t(i))
            SELECT * FROM base
            UNION ALL SELECT * FROM base WHERE id % 50 = 0
            UNION ALL SELECT * FROM base WHERE id % 100 = 0
            UNION ALL SELECT * FROM base WHERE id % 100 = 0
            """;

    @TempDir
    Path root;

    private DuckDbEngine engine;
    private EngineSession session;
    private Path ws;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(root.resolve("ws")).toRealPath();
        engine = new DuckDbEngine("1GB", 2, root.resolve("tmp"), "2GB");
        session = engine.open(ws, new Engine.SessionOptions(List.of(), true));
    }

    @AfterEach
    void tearDown() {
        session.close();
        engine.close();
    }

    private Schema stage(String sql, String name) {
        Path file = ws.resolve(name + ".parquet");
        session.execute("COPY (" + sql + ") TO " + Profilers.literal(file.toString()) + " (FORMAT parquet)");
        session.execute("CREATE OR REPLACE VIEW data AS SELECT * FROM read_parquet(" + Profilers.literal(file.toString()) + ")");
        return describe(session);
    }

    static Schema describe(EngineSession session) {
        return new Schema(session.query("DESCRIBE SELECT * FROM data").rows().stream()
                .map(r -> new Column((String) r.get(0), (String) r.get(1), true)).toList());
    }

    /** @param queries the statements the profiler ran through its query function */
    record Profiled(Section section, Fusion.Result fusion, List<String> log, List<String> queries) {
    }

    static Profiled profile(EngineSession session, Schema schema, List<Map<String, Object>> rules,
                            Map<String, Object> options, SchemaDrift drift) {
        QualityPlanner planner = QualityProfiler.planner(schema, rules, options);
        Fusion.Result r = Fusion.run(session, planner::metrics, List.of());
        List<String> log = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        Section s = new QualityInterpreter(planner, r.values(), drift, sql -> {
            queries.add(sql);
            return session.query(sql);
        }, log::add).section();
        JsonCheck.write(s.content());
        return new Profiled(s, r, log, queries);
    }

    @SuppressWarnings("unchecked")
    static Object value(Object figure) {
        return ((Map<String, Object>) figure).get("value");
    }

    private static Check check(Section s, String name, String column) {
        return s.checks().stream().filter(c -> c.name().equals(name) && java.util.Objects.equals(c.column(), column))
                .findFirst().orElseThrow(() -> new AssertionError("no check " + name + " on " + column + ": " + s.checks()));
    }

    @Test
    void figuresAlertsAndChecksMatchAPlainComputation() {
        Schema schema = stage(DATA, "v2");
        List<Map<String, Object>> rules = List.of(
                Map.of("type", "not_null", "column", "id"),
                Map.of("type", "not_null", "column", "name"),
                Map.of("type", "unique", "column", "id", "name", "id is a key"),
                Map.of("type", "range", "column", "score", "min", 0, "max", 50),
                Map.of("type", "range", "column", "day", "min", "2024-01-05", "max", "2024-01-20", "severity", "warn"),
                Map.of("type", "regex", "column", "email", "pattern", "[^@]+@[^@]+\\.[a-z]+"),
                Map.of("type", "allowed_values", "column", "status", "values", List.of("new", "open")),
                Map.of("type", "allowed_values", "column", "id", "values", List.of(1, 2, 3)),
                Map.of("type", "row_count", "min", 1, "max", 100),
                Map.of("type", "row_count", "min", 1),
                Map.of("type", "range", "column", "nope", "min", 1),
                Map.of("type", "regex", "column", "email", "pattern", "(?=x)y"),
                Map.of("type", "range", "column", "day", "min", "not a date"),
                Map.of("type", "sometimes"));
        SchemaDrift drift = new SchemaDrift(1, 2, List.of(new SchemaDrift.Change(SchemaDrift.Kind.REMOVED, "old", null,
                "BIGINT", null, 3, null, true, null, true, "removed")), true);
        Profiled p = profile(session, schema, rules, Map.of(), drift);
        Section s = p.section();

        // the rows, read back and counted in Java
        List<List<Object>> rows = session.query("SELECT * FROM data").rows();
        int cols = schema.columns().size();
        long missing = rows.stream().mapToLong(r -> r.stream().filter(x -> x == null).count()).sum();
        Map<List<Object>, Long> occurrences = rows.stream()
                .collect(Collectors.groupingBy(r -> r, HashMap::new, Collectors.counting()));
        long duplicates = rows.size() - occurrences.size();
        assertEquals(1040, rows.size());
        assertEquals(40L, duplicates);

        assertEquals((long) rows.size(), value(s.content().get("rows")));
        assertEquals(cols, value(s.content().get("columns")));
        assertEquals(missing, value(s.content().get("missing_cells")));
        assertEquals(100.0 * missing / (rows.size() * cols), (Double) value(s.content().get("missing_cells_pct")), 1e-12);
        @SuppressWarnings("unchecked")
        Map<String, Object> dup = (Map<String, Object>) s.content().get("duplicate_rows");
        assertEquals(duplicates, value(dup.get("count")));
        assertEquals(100.0 * duplicates / rows.size(), (Double) value(dup.get("pct")), 1e-12);
        List<?> examples = (List<?>) dup.get("examples");
        List<?> counts = (List<?>) dup.get("example_occurrences");
        assertEquals(5, examples.size());
        long maxOccurrence = occurrences.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        for (int i = 0; i < examples.size(); i++) {
            List<?> example = (List<?>) examples.get(i);
            assertEquals(cols, example.size());
            long id = (Long) example.get(0);
            long expected = rows.stream().filter(r -> r.get(0).equals(id)).count();
            assertEquals(expected, counts.get(i), "occurrences of row " + id);
            assertEquals(maxOccurrence, counts.get(i), "the most repeated rows come first");
        }
        assertEquals(1L, p.fusion().scans(), "one fused scan");
        assertEquals(1, p.queries().size(), "one query counts the duplicates and fetches the examples: " + p.queries());
        assertEquals(Boolean.TRUE, ((Map<?, ?>) dup.get("count")).get("exact"));

        // without examples, the same count from the same query
        Profiled noExamples = profile(session, schema, List.of(), Map.of("duplicate_examples", 0), null);
        @SuppressWarnings("unchecked")
        Map<String, Object> dup0 = (Map<String, Object>) noExamples.section().content().get("duplicate_rows");
        assertEquals(duplicates, value(dup0.get("count")));
        assertEquals(List.of(), dup0.get("examples"));
        assertEquals(1, noExamples.queries().size());

        // drift and alerts
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) s.content().get("drift");
        assertEquals(true, d.get("breaking"));
        assertEquals("removed", ((Map<?, ?>) ((List<?>) d.get("changes")).get(0)).get("kind"));
        assertTrue(s.alerts().stream().anyMatch(a -> a.kind().equals("duplicates")), s.alerts().toString());
        assertTrue(s.alerts().stream().anyMatch(a -> a.kind().equals("drift_breaking") && a.message().contains("old")));

        // threshold checks: 3.8 % duplicates warns (above 0, not above 5); missing cells as computed
        Check dupCheck = check(s, "duplicate_rows", null);
        assertEquals(Status.WARN, dupCheck.status());
        double missingPct = 100.0 * missing / (rows.size() * cols);
        assertEquals(missingPct > 20 ? Status.FAIL : missingPct > 5 ? Status.WARN : Status.PASS,
                check(s, "missing_cells", null).status());

        // rules, each against a plain count
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < cols; i++) {
            at.put(schema.columns().get(i).name(), i);
        }
        assertEquals(Status.PASS, check(s, "rule:not_null", "id").status());
        long nullNames = rows.stream().filter(r -> r.get(at.get("name")) == null).count();
        assertEquals(nullNames, check(s, "rule:not_null", "name").observed());
        assertEquals(Status.FAIL, check(s, "rule:not_null", "name").status());
        Check unique = check(s, "rule:id is a key", "id");
        assertEquals(duplicates, unique.observed());
        assertEquals(Status.FAIL, unique.status());
        long outOfRange = rows.stream().map(r -> (Double) r.get(at.get("score"))).filter(x -> x != null && (x < 0 || x > 50)).count();
        assertEquals(outOfRange, check(s, "rule:range", "score").observed());
        LocalDate lo = LocalDate.parse("2024-01-05");
        LocalDate hi = LocalDate.parse("2024-01-20");
        long outOfDays = rows.stream().map(r -> (LocalDate) r.get(at.get("day"))).filter(x -> x.isBefore(lo) || x.isAfter(hi)).count();
        Check days = s.checks().stream().filter(c -> c.name().equals("rule:range") && "day".equals(c.column())
                && c.observed() != null).findFirst().orElseThrow();
        assertEquals(outOfDays, days.observed());
        assertEquals(Status.WARN, days.status(), "severity warn");
        Pattern email = Pattern.compile("[^@]+@[^@]+\\.[a-z]+");
        long badEmails = rows.stream().filter(r -> !email.matcher((String) r.get(at.get("email"))).matches()).count();
        Check regex = s.checks().stream().filter(c -> c.name().equals("rule:regex") && c.observed() != null).findFirst().orElseThrow();
        assertEquals(badEmails, regex.observed());
        long bogus = rows.stream().filter(r -> !List.of("new", "open").contains(r.get(at.get("status")))).count();
        assertEquals(bogus, check(s, "rule:allowed_values", "status").observed());
        long notInList = rows.stream().filter(r -> !List.of(1L, 2L, 3L).contains(r.get(at.get("id")))).count();
        assertEquals(notInList, check(s, "rule:allowed_values", "id").observed());
        List<Check> rowCounts = s.checks().stream().filter(c -> c.name().equals("rule:row_count")).toList();
        assertEquals(Status.FAIL, rowCounts.get(0).status());
        assertEquals(Status.PASS, rowCounts.get(1).status());

        // rules that cannot be checked fail with a reason, and do not break the others
        List<Check> broken = s.checks().stream().filter(c -> c.status() == Status.FAIL && c.observed() == null).toList();
        assertEquals(4, broken.size(), broken.toString());
        assertTrue(broken.get(0).message().contains("no column 'nope'"), broken.get(0).message());
        assertTrue(broken.get(1).message().contains("RE2"), broken.get(1).message());
        assertTrue(broken.get(2).message().contains("not a value of the column's type"), broken.get(2).message());
        assertTrue(broken.get(3).message().contains("'type' must be one of"), broken.get(3).message());
    }

    @Test
    void noDuplicatesCostsOneScanAndOneQuery() {
        Schema schema = stage("SELECT i AS id, CASE WHEN i % 2 = 0 THEN NULL ELSE i END AS x FROM range(500) t(i)", "v1");
        Profiled p = profile(session, schema, List.of(), Map.of(), null);
        assertEquals(1, p.fusion().scans());
        assertEquals(1, p.queries().size());
        @SuppressWarnings("unchecked")
        Map<String, Object> dup = (Map<String, Object>) p.section().content().get("duplicate_rows");
        assertEquals(0L, value(dup.get("count")));
        assertEquals(List.of(), dup.get("examples"));
        assertNull(p.section().content().get("drift"));
        assertEquals(250L, value(p.section().content().get("missing_cells")));
        assertEquals(Status.FAIL, check(p.section(), "missing_cells", null).status(), "25 % of the cells are missing");
        assertEquals(Status.PASS, check(p.section(), "duplicate_rows", null).status());
        assertTrue(p.section().alerts().isEmpty(), p.section().alerts().toString());

        // a non-breaking drift is an info alert; thresholds are options
        SchemaDrift added = new SchemaDrift(1, 2, List.of(new SchemaDrift.Change(SchemaDrift.Kind.ADDED, "x", null, null,
                "BIGINT", null, 1, null, true, false, "added")), false);
        Profiled q = profile(session, schema, List.of(), Map.of("missing_cells_warn_pct", 30, "missing_cells_fail_pct", 40),
                added);
        assertEquals(Status.PASS, check(q.section(), "missing_cells", null).status());
        assertEquals(List.of("drift"), q.section().alerts().stream().map(Section.Alert::kind).toList());
    }

    /** Rows that differ only where a NULL meets a value, or in one column, are no duplicates; equal NULLs are. */
    @Test
    void duplicatesAreExactWithNullsAndNearDuplicates() {
        Schema schema = stage("SELECT * FROM (VALUES (1, NULL, 'a'), (1, NULL, 'a'), (1, 2, 'a'), (1, NULL, 'b'), "
                + "(NULL, NULL, NULL), (NULL, NULL, NULL), (NULL, NULL, NULL), (2, 2, 'a')) t(x, y, z)", "nulls");
        Profiled p = profile(session, schema, List.of(), Map.of(), null);
        @SuppressWarnings("unchecked")
        Map<String, Object> dup = (Map<String, Object>) p.section().content().get("duplicate_rows");
        assertEquals(3L, value(dup.get("count")), dup.toString());
        assertEquals(List.of(3L, 2L), dup.get("example_occurrences"));
        assertEquals(java.util.Arrays.asList(null, null, null), ((List<?>) dup.get("examples")).get(0));
    }

    /**
     * The duplicates' key is the most distinct fixed-width column when it is nearly unique; rows whose key is NULL
     * are grouped too (NULL never matches an IN list), and rows that share a key but differ elsewhere are no
     * duplicates. Each key choice gives the plain SQL count.
     */
    @Test
    void duplicatesKeyedByANearlyUniqueColumnCountRowsWithANullKey() {
        String base = "SELECT CASE WHEN i % 40 = 0 THEN NULL ELSE i END AS id, 'v' || (i % 3) AS v, (i % 5)::DOUBLE AS w "
                + "FROM range(400) t(i)";
        // rows 0 and 40 (NULL id) twice more, row 7 once more, and a row that shares id 9 but not v
        Schema schema = stage(base + " UNION ALL SELECT * FROM (" + base + ") WHERE id IS NULL AND v IN ('v0', 'v1') "
                + "UNION ALL SELECT * FROM (" + base + ") WHERE id IS NULL AND v IN ('v0', 'v1') "
                + "UNION ALL SELECT * FROM (" + base + ") WHERE id = 7 UNION ALL SELECT 9, 'other', 4.0", "nullkey");
        long plain = QualityPlanner.count(session.query("SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT * FROM data)) "
                + "FROM data").rows().get(0).get(0));
        Profiled p = profile(session, schema, List.of(), Map.of(), null);
        QualityPlanner planner = QualityProfiler.planner(schema, List.of(), Map.of());
        assertEquals("id", planner.keyColumn(p.fusion().values()).name());
        assertTrue(p.queries().get(0).contains("IS NOT DISTINCT FROM"), p.queries().toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> dup = (Map<String, Object>) p.section().content().get("duplicate_rows");
        assertTrue(plain > 4, "rows 0 and 40 repeat twice, row 7 once, and more NULL-id rows share v and w: " + plain);
        assertEquals(plain, value(dup.get("count")), dup.toString());

        // without NULL keys: the IN list; with no nearly unique column: a hash of the fixed-width columns
        Schema unique = stage("SELECT i AS id, i % 2 AS b FROM range(300) t(i) UNION ALL SELECT 5, 1 UNION ALL SELECT 6, 1", "inkey");
        Profiled u = profile(session, unique, List.of(), Map.of(), null);
        assertTrue(u.queries().get(0).contains("\"id\" IN (SELECT"), u.queries().toString());
        assertEquals(1L, value(((Map<?, ?>) u.section().content().get("duplicate_rows")).get("count")));
        Schema few = stage("SELECT i % 10 AS a, i % 7 AS b FROM range(300) t(i)", "hashkey");
        Profiled f = profile(session, few, List.of(), Map.of(), null);
        assertNull(QualityProfiler.planner(few, List.of(), Map.of()).keyColumn(f.fusion().values()));
        assertTrue(f.queries().get(0).contains("hash(\"a\", \"b\")"), f.queries().toString());
        assertEquals(300L - 70L, value(((Map<?, ?>) f.section().content().get("duplicate_rows")).get("count")));
    }

    /** A failing duplicates query leaves the count unknown (not 0), says why, and warns; the rest stands. */
    @Test
    void aFailingDuplicatesQueryLeavesTheCountUnknown() {
        Schema schema = stage(DATA, "v3");
        QualityPlanner planner = QualityProfiler.planner(schema, List.of(), Map.of());
        Fusion.Result r = Fusion.run(session, planner::metrics, List.of());
        List<String> log = new ArrayList<>();
        try (EngineSession other = engine.open(ws)) { // a session without the view data: the query fails for real
            Section s = new QualityInterpreter(planner, r.values(), null, other::query, log::add).section();
            JsonCheck.write(s.content());
            @SuppressWarnings("unchecked")
            Map<String, Object> dup = (Map<String, Object>) s.content().get("duplicate_rows");
            assertEquals(java.util.Arrays.asList(null, false), new ArrayList<>(((Map<?, ?>) dup.get("count")).values()));
            assertTrue(String.valueOf(dup.get("error")).contains("data"), dup.toString());
            assertEquals(Status.WARN, check(s, "duplicate_rows", null).status());
            assertTrue(check(s, "duplicate_rows", null).message().startsWith("Duplicate rows could not be counted"));
            assertTrue(s.alerts().stream().noneMatch(a -> a.kind().equals("duplicates")));
            assertEquals(1040L, value(s.content().get("rows")));
            assertEquals(1, log.size(), log.toString());
        }
    }

    @Test
    void optionsAreCheckedAndNamed() {
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("missing_cells_warn", 3),
                Map.<String, Object>of("duplicate_examples", 100),
                Map.<String, Object>of("missing_cells_warn_pct", 30))) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> QualityOptions.from(bad));
            assertTrue(e.getMessage().contains("missing_cells_warn") || e.getMessage().contains("duplicate_examples"),
                    e.getMessage());
        }
    }

    /** Every staged corpus file (nested types, all-null columns, 0 rows…) gets its quality section. */
    @Test
    void everyCorpusFileProfiles() throws Exception {
        Path dir = Path.of(System.getProperty("corpus.dir", "../../tests/corpus")).resolve("parquet");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
        }
        assertTrue(files.size() >= 30, "corpus at " + dir.toAbsolutePath());
        int profiled = 0;
        List<String> unstaged = new ArrayList<>();
        for (Path source : files) {
            Path copy = Files.copy(source, ws.resolve("c" + profiled + "_" + unstaged.size() + ".parquet"));
            Path staged = ws.resolve("s" + profiled + ".parquet");
            try {
                session.execute("COPY (SELECT * FROM read_parquet(" + Profilers.literal(copy.toString()) + ")) TO "
                        + Profilers.literal(staged.toString()) + " (FORMAT parquet)");
            } catch (EngineException e) {
                unstaged.add(source.getFileName().toString());
                continue;
            }
            session.execute("CREATE OR REPLACE VIEW data AS SELECT * FROM read_parquet(" + Profilers.literal(staged.toString()) + ")");
            Schema schema = describe(session);
            List<Map<String, Object>> rules = List.of(
                    Map.of("type", "unique", "column", schema.columns().get(0).name()),
                    Map.of("type", "not_null", "column", schema.columns().get(schema.columns().size() - 1).name()));
            try {
                Profiled p = profile(session, schema, rules, Map.of(), null);
                assertTrue(p.log().isEmpty(), source + ": " + p.log());
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(source + " (" + schema + "): " + e, e);
            }
            profiled++;
        }
        assertEquals(List.of("ARROW-17100.parquet", "PARQUET-1481.parquet", "large_string_map.brotli.parquet"),
                unstaged.stream().sorted().toList());
        assertTrue(profiled >= 30);
    }
}

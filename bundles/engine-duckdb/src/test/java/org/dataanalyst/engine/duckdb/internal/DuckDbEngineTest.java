package org.dataanalyst.engine.duckdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on a real DuckDB: files inside the workspace work, everything else is refused. */
class DuckDbEngineTest {

    @TempDir
    Path root;

    private Path workspace;
    private Path outside;
    private DuckDbEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        workspace = Files.createDirectories(root.resolve("ws")).toRealPath();
        outside = Files.createDirectories(root.resolve("ws2")).toRealPath(); // a sibling sharing the prefix
        engine = new DuckDbEngine("512MiB", 1, root.resolve("tmp"), "1GB");
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private static String sql(Path p) {
        return DuckDbEngine.literal(p.toString());
    }

    @Test
    void readsAndAggregatesACsvInTheWorkspace() throws Exception {
        Path csv = Files.writeString(workspace.resolve("sales.csv"), "region,amount\nnorth,10\nsouth,5\nnorth,7\n");
        try (EngineSession session = engine.open(workspace)) {
            QueryResult r = session.query("SELECT region, sum(amount) AS total, count(*) AS n FROM read_csv("
                    + sql(csv) + ") GROUP BY region ORDER BY region");
            assertEquals(List.of("region", "total", "n"), r.columns().stream().map(c -> c.name()).toList());
            assertEquals("VARCHAR", r.columns().get(0).type());
            assertEquals(List.of(List.of("north", new BigDecimal("17"), 2L), List.of("south", new BigDecimal("5"), 1L)),
                    r.rows().stream().map(row -> List.of(row.get(0), new BigDecimal(row.get(1).toString()), row.get(2)))
                            .toList());
        }
    }

    @Test
    void copiesToParquetInTheWorkspaceAndReadsItBack() {
        Path parquet = workspace.resolve("x.parquet");
        try (EngineSession session = engine.open(workspace)) {
            long copied = session.execute("COPY (SELECT range AS i, 'v' || range AS s FROM range(1000)) TO "
                    + sql(parquet) + " (FORMAT parquet)");
            assertEquals(1000, copied);
            assertTrue(Files.isRegularFile(parquet));
            QueryResult r = session.query("SELECT count(*), sum(i) FROM read_parquet(" + sql(parquet) + ")");
            assertEquals(List.of(1000L, new BigDecimal("499500")), r.rows().get(0));
        }
    }

    @Test
    void refusesToReadFilesOutsideTheWorkspace() throws Exception {
        Path foreign = Files.writeString(outside.resolve("secret.csv"), "a\n1\n");
        Path escape = workspace.resolve("..").resolve("ws2").resolve("secret.csv");
        Files.createSymbolicLink(workspace.resolve("link.csv"), foreign);
        try (EngineSession session = engine.open(workspace)) {
            for (String path : List.of(foreign.toString(), "/etc/passwd", escape.toString(),
                    workspace.resolve("link.csv").toString(), "file://" + foreign)) {
                EngineException e = assertThrows(EngineException.class,
                        () -> session.query("SELECT * FROM read_csv(" + DuckDbEngine.literal(path) + ")"), path);
                assertPermissionError(e);
            }
            assertPermissionError(assertThrows(EngineException.class,
                    () -> session.query("SELECT * FROM glob(" + sql(root) + " || '/*')")));
            assertPermissionError(assertThrows(EngineException.class,
                    () -> session.execute("ATTACH " + sql(outside.resolve("db.duckdb")))));
            // the session stays usable after a refused statement
            assertEquals(1L, session.query("SELECT 1").single());
        }
    }

    @Test
    void refusesToWriteOutsideTheWorkspace() {
        Path target = outside.resolve("x.parquet");
        try (EngineSession session = engine.open(workspace)) {
            assertPermissionError(assertThrows(EngineException.class,
                    () -> session.execute("COPY (SELECT 1 AS x) TO " + sql(target) + " (FORMAT parquet)")));
        }
        assertFalse(Files.exists(target));
    }

    @Test
    void refusesToChangeTheConfigurationFromSql() {
        try (EngineSession session = engine.open(workspace)) {
            for (String statement : List.of("SET enable_external_access = true", "SET allowed_directories = ['/']",
                    "RESET allowed_directories", "SET lock_configuration = false", "SET memory_limit = '100GB'",
                    "SET autoload_known_extensions = true")) {
                EngineException e = assertThrows(EngineException.class, () -> session.execute(statement), statement);
                assertTrue(e.getMessage().contains("locked"), e.getMessage());
            }
            assertFalse(assertThrows(EngineException.class, () -> session.execute("INSTALL httpfs")).getMessage().isBlank());
        }
    }

    @Test
    void appliesTheConfiguredSettings() {
        try (EngineSession session = engine.open(workspace)) {
            QueryResult r = session.query("SELECT current_setting('memory_limit'), current_setting('threads'), "
                    + "current_setting('temp_directory'), current_setting('preserve_insertion_order'), "
                    + "current_setting('enable_external_access'), current_setting('lock_configuration'), "
                    + "current_setting('autoload_known_extensions'), current_setting('autoinstall_known_extensions')");
            List<Object> row = r.rows().get(0);
            assertEquals("512.0 MiB", row.get(0));
            assertEquals(1L, ((Number) row.get(1)).longValue());
            assertTrue(row.get(2).toString().startsWith(engine.tempDirectory().toString()), row.get(2).toString());
            assertEquals(List.of(false, false, true, false, false), row.subList(3, 8));
        }
    }

    @Test
    void closingTheEngineClosesOpenSessions() throws Exception {
        EngineSession first = engine.open(workspace);
        EngineSession second = engine.open(workspace);
        assertEquals(2, engine.openSessions());
        first.close();
        assertEquals(1, engine.openSessions());

        engine.close();
        assertEquals(0, engine.openSessions());
        assertThrows(EngineException.class, () -> second.query("SELECT 1"));
        assertThrows(EngineException.class, () -> engine.open(workspace));
        try (var left = Files.list(engine.tempDirectory())) {
            assertEquals(0, left.count(), "session temp folders are deleted");
        }
    }

    @Test
    void refusesAMissingWorkspace() {
        EngineException e = assertThrows(EngineException.class, () -> engine.open(root.resolve("nope")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void returnsPlainJavaValues() {
        try (EngineSession session = engine.open(workspace)) {
            QueryResult r = session.query("SELECT 1::TINYINT, 2::INTEGER, 3::HUGEINT, 1.5::DECIMAL(10,2), 1.25::FLOAT, "
                    + "true, DATE '2024-02-29', TIMESTAMP '2024-03-31 02:30:00', [1,2], NULL::VARCHAR");
            assertEquals(List.of(1L, 2L, new BigDecimal("3"), new BigDecimal("1.50"), 1.25, true,
                    LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 3, 31, 2, 30), "[1, 2]"),
                    r.rows().get(0).subList(0, 9));
            assertEquals(null, r.rows().get(0).get(9));
            assertEquals("DECIMAL(10,2)", r.columns().get(3).type());
            assertTrue(r.columns().get(9).nullable());
        }
    }

    @Test
    void rejectsInvalidSettings() {
        assertThrows(IllegalArgumentException.class, () -> new DuckDbEngine("1GB'; SET x='", 2, root, "1GB"));
        assertThrows(IllegalArgumentException.class, () -> new DuckDbEngine("1GB", 0, root, "1GB"));
    }

    private static void assertPermissionError(EngineException e) {
        assertTrue(e.getMessage().contains("Permission Error") || e.getMessage().contains("access"), e.getMessage());
    }
}

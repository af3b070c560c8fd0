package org.dataanalyst.connector.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CancellationException;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.TableAppender;
import org.dataanalyst.engine.duckdb.internal.DuckDbEngine;
import org.dataanalyst.spi.connector.IngestTarget.OnError;
import org.dataanalyst.spi.connector.SourceTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector's core on real SQLite files written by the test and a real DuckDB session: rows go
 * through {@link SqliteFile#open}, {@link SqliteReader} and the engine's appender, and are read back with SQL.
 */
class SqliteReaderTest {

    @TempDir
    Path root;

    Path db;
    private DuckDbEngine engine;
    EngineSession session;
    final List<String> log = new ArrayList<>();
    private int copies;

    @BeforeEach
    void setUp() throws Exception {
        db = root.resolve("shop.db");
        engine = new DuckDbEngine("1GB", 2, root.resolve("tmp"), "4GB");
        session = engine.open(Files.createDirectories(root.resolve("ws")));
    }

    @AfterEach
    void tearDown() {
        session.close();
        engine.close();
    }

    /** Writes to the test database with a writable connection of its own. */
    void write(String... statements) {
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + db, new Properties());
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A reader on the test file; this class reads through SQLite's driver only. */
    SqliteReader reader(Connection c, SqliteTypes.UnixTime unixTime) {
        return new SqliteReader(c, "shop.db", unixTime);
    }

    private SqliteReader reader(Connection c) {
        return reader(c, SqliteTypes.UnixTime.SECONDS);
    }

    /** Checks how a read goes, before its rows are copied. */
    void opened(SqliteReader.Read read) {
        assertFalse(read.direct(), read.how());
    }

    long copy(SqliteReader.Read read, String engineTable, OnError onError) {
        opened(read);
        try (read; TableAppender appender = session.appender(engineTable, read.columns())) {
            return read.copyTo(appender, onError, log::add, () -> false, n -> { });
        }
    }

    List<Column> copyTable(String table, Map<String, String> types, OnError onError) {
        try (Connection c = SqliteFile.open(db, "shop.db")) {
            SqliteReader reader = reader(c);
            SqliteReader.Read read = reader.openTable(reader.relation(table), types);
            copy(read, table.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + (++copies), onError);
            return read.columns();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyDeclaredTypeMapsAndRoundTrips() throws Exception {
        write("CREATE TABLE every_type (id INTEGER PRIMARY KEY, n INT NOT NULL, big BIGINT, r REAL, f FLOAT, "
                        + "dbl DOUBLE PRECISION, price NUMERIC(10,2), amount DECIMAL(12,4), num NUMERIC, huge DECIMAL(50,2), "
                        + "name TEXT, code VARCHAR(5), note CLOB, data BLOB, flag BOOLEAN, day DATE, at DATETIME, "
                        + "ts TIMESTAMP, tm TIME, anything, js JSON)",
                "INSERT INTO every_type VALUES (1, 10, 9007199254740993, 1.5, 2.5, 3.25, 1234.56, 1.2345, 7, 1.5, "
                        + "'ünïcödé', 'ab', 'long text', X'00FF', 1, '2024-02-29', '2024-03-31 02:30:00.5', "
                        + "'2024-01-01T10:00:00', '13:14:15.123', 'free', '{\"a\": 1}')",
                // the other storage forms SQLite allows: unix time, Julian day, offsets, text numbers and booleans
                "INSERT INTO every_type VALUES (2, 20, -1, 4, 5, 6, '12.345', 2, 2.5, 3, 42, 'cd', 'x', 'text as blob', 'false', "
                        + "1709164800, 2460400.5, '2024-01-01T10:00:00+02:00', '23:59', 3.5, '[]')",
                "INSERT INTO every_type (id, n) VALUES (3, 30)");

        List<Column> columns = copyTable("every_type", Map.of(), OnError.FAIL);

        assertEquals(List.of(new Column("id", "BIGINT", false), new Column("n", "BIGINT", false),
                new Column("big", "BIGINT", true), new Column("r", "DOUBLE", true), new Column("f", "DOUBLE", true),
                new Column("dbl", "DOUBLE", true), new Column("price", "DECIMAL(10,2)", true),
                new Column("amount", "DECIMAL(12,4)", true), new Column("num", "DOUBLE", true),
                new Column("huge", "DOUBLE", true), new Column("name", "VARCHAR", true), new Column("code", "VARCHAR", true),
                new Column("note", "VARCHAR", true), new Column("data", "BLOB", true), new Column("flag", "BOOLEAN", true),
                new Column("day", "DATE", true), new Column("at", "TIMESTAMP", true), new Column("ts", "TIMESTAMP", true),
                new Column("tm", "TIME", true), new Column("anything", "VARCHAR", true), new Column("js", "VARCHAR", true)),
                columns);

        List<List<Object>> rows = session.query("SELECT * EXCLUDE (data), data::VARCHAR FROM every_type_1 ORDER BY id").rows();
        assertEquals(List.of(1L, 10L, 9007199254740993L, 1.5, 2.5, 3.25, new BigDecimal("1234.56"), new BigDecimal("1.2345"),
                7.0, 1.5, "ünïcödé", "ab", "long text", true, LocalDate.of(2024, 2, 29),
                LocalDateTime.of(2024, 3, 31, 2, 30, 0, 500_000_000), LocalDateTime.of(2024, 1, 1, 10, 0),
                LocalTime.of(13, 14, 15, 123_000_000), "free", "{\"a\": 1}", "\\x00\\xFF"), rows.get(0));
        assertEquals(List.of(2L, 20L, -1L, 4.0, 5.0, 6.0, new BigDecimal("12.35"), new BigDecimal("2.0000"), 2.5, 3.0, "42",
                "cd", "x", false, LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 3, 31, 0, 0),
                LocalDateTime.of(2024, 1, 1, 8, 0), LocalTime.of(23, 59), "3.5", "[]", "text as blob"), rows.get(1));
        List<Object> third = rows.get(2);
        assertEquals(List.of(3L, 30L), third.subList(0, 2));
        assertTrue(third.subList(2, third.size()).stream().allMatch(v -> v == null), third.toString());
    }

    @Test
    void aValueThatDoesNotFitFailsNamingTableColumnAndRow() {
        write("CREATE TABLE people (id INTEGER PRIMARY KEY, age INTEGER, born DATE)",
                "INSERT INTO people VALUES (1, 42, '1982-01-01'), (2, 'abc', '1990-05-05'), (3, 7, 'someday')");

        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> copyTable("people", Map.of(), OnError.FAIL));
        assertEquals("reading table people of shop.db, column 'age', row 2: 'abc' (text) does not fit BIGINT; read the "
                + "column as another type with option types, e.g. {\"age\": \"VARCHAR\"}, or skip such rows with on_error skip",
                e.getMessage());

        // option types reads the column as text: then the next column's bad value is named
        InvalidRequestException date = assertThrows(InvalidRequestException.class,
                () -> copyTable("people", Map.of("AGE", "varchar"), OnError.FAIL));
        assertTrue(date.getMessage().startsWith("reading table people of shop.db, column 'born', row 3: "
                + "'someday' (text) does not fit DATE"), date.getMessage());

        List<Column> columns = copyTable("people", Map.of("age", "VARCHAR", "born", "VARCHAR"), OnError.FAIL);
        assertEquals(new Column("age", "VARCHAR", true), columns.get(1));
        assertEquals(List.of(List.of(1L, "42"), List.of(2L, "abc"), List.of(3L, "7")),
                session.query("SELECT id, age FROM people_3 ORDER BY id").rows());
    }

    @Test
    void onErrorSkipLeavesOutRowsThatDoNotFitAndSaysWhich() {
        write("CREATE TABLE people (id INTEGER PRIMARY KEY, age INTEGER)",
                "INSERT INTO people VALUES (1, 42), (2, 'abc'), (3, 7), (4, X'01')");
        try (Connection c = SqliteFile.open(db, "shop.db")) {
            SqliteReader reader = reader(c);
            SqliteReader.Read read = reader.openTable(reader.relation("people"), Map.of());
            assertEquals(2, copy(read, "people", OnError.SKIP));
            assertEquals(2, read.skipped());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(List.of(List.of(1L, 42L), List.of(3L, 7L)), session.query("SELECT * FROM people ORDER BY id").rows());
        assertEquals(List.of("Skipped table people of shop.db, column 'age', row 2: 'abc' (text) does not fit BIGINT",
                "Skipped table people of shop.db, column 'age', row 4: a blob of 1 bytes does not fit BIGINT",
                "Skipped 2 of 4 rows of table people whose values did not fit their column types"), log);
    }

    @Test
    void aQueryKeepsDeclaredTypesAndLearnsExpressionTypesFromTheValues() throws Exception {
        write("CREATE TABLE orders (id INTEGER PRIMARY KEY, region TEXT NOT NULL, price NUMERIC(10,2), placed DATE, raw)",
                "INSERT INTO orders VALUES (1, 'north', 10.5, '2024-01-01', 'a'), (2, 'south', 20, '2024-01-02', 'b'), "
                        + "(3, 'north', 1.25, '2024-01-03', 'c')");
        try (Connection c = SqliteFile.open(db, "shop.db")) {
            SqliteReader.Read read = reader(c).openQuery("/* per region */ SELECT region, count(*) AS n, avg(price) AS mean, "
                    + "max(price) AS top, min(placed) AS first, max(raw) AS raw, 'x' AS x, region AS REGION FROM orders "
                    + "GROUP BY region ORDER BY region;", Map.of("x", "BLOB"));
            assertEquals(List.of(new Column("region", "VARCHAR", true), new Column("n", "BIGINT", true),
                    new Column("mean", "DOUBLE", true), new Column("top", "DOUBLE", true),
                    new Column("first", "VARCHAR", true), new Column("raw", "VARCHAR", true), new Column("x", "BLOB", true),
                    new Column("REGION_2", "VARCHAR", true)), read.columns());
            assertEquals(2, copy(read, "per_region", OnError.FAIL));
        }
        assertEquals(List.of(List.of("north", 2L, 5.875, 10.5, "2024-01-01", "c", "north")),
                session.query("SELECT * EXCLUDE (x) FROM per_region ORDER BY region LIMIT 1").rows());

        try (Connection c = SqliteFile.open(db, "shop.db")) {
            SqliteReader.Read read = reader(c).openQuery("SELECT id, price, placed FROM orders WHERE id > 1", Map.of());
            assertEquals(List.of(new Column("id", "BIGINT", true), new Column("price", "DECIMAL(10,2)", true),
                    new Column("placed", "DATE", true)), read.columns());
            copy(read, "later", OnError.FAIL);
        }
        assertEquals(List.of(List.of(2L, new BigDecimal("20.00"), LocalDate.of(2024, 1, 2))),
                session.query("SELECT * FROM later ORDER BY id LIMIT 1").rows());
    }

    @Test
    void theFileIsOnlyRead() throws Exception {
        write("CREATE TABLE keep (id INTEGER)", "INSERT INTO keep VALUES (1), (2)");
        byte[] before = Files.readAllBytes(db);
        try (Connection c = SqliteFile.open(db, "shop.db")) {
            SqliteReader reader = reader(c);
            InvalidRequestException delete = assertThrows(InvalidRequestException.class,
                    () -> reader.openQuery("DELETE FROM keep", Map.of()));
            assertTrue(delete.getMessage().contains("must be a read-only SELECT"), delete.getMessage());
            InvalidRequestException two = assertThrows(InvalidRequestException.class,
                    () -> reader.openQuery("SELECT 1; DELETE FROM keep", Map.of()));
            assertTrue(two.getMessage().contains("must be one statement"), two.getMessage());
            InvalidRequestException attach = assertThrows(InvalidRequestException.class,
                    () -> reader.openQuery("ATTACH '/etc/x.db' AS x", Map.of()));
            assertTrue(attach.getMessage().contains("must be a read-only SELECT"), attach.getMessage());
            // the connection itself refuses writes
            SQLException write = assertThrows(SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.execute("DELETE FROM keep");
                }
            });
            assertTrue(write.getMessage().contains("readonly"), write.getMessage());
            copy(reader.openQuery("SELECT count(*) AS n FROM keep", Map.of()), "n", OnError.FAIL);
        }
        assertEquals(2L, session.query("SELECT n FROM n").single());
        assertArrayEquals(before, Files.readAllBytes(db));
    }

    @Test
    void listsTablesAndViewsWithDeclaredColumns() throws Exception {
        write("CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, customer TEXT NOT NULL, amount NUMERIC(10,2), note)",
                "CREATE TABLE \"Line Items\" (order_id INT, sku TEXT, PRIMARY KEY (order_id, sku))",
                "CREATE VIEW big AS SELECT id, amount FROM orders WHERE amount > 100",
                "INSERT INTO orders (customer) VALUES ('a')");
        try (Connection c = SqliteFile.open(db, "shop.db")) {
            List<SourceTable> tables = reader(c).tables();
            assertEquals(List.of(
                    new SourceTable(null, "Line Items", "table",
                            List.of(new Column("order_id", "INT", true), new Column("sku", "TEXT", true))),
                    new SourceTable(null, "big", "view",
                            List.of(new Column("id", "INTEGER", true), new Column("amount", "NUMERIC(10,2)", true))),
                    new SourceTable(null, "orders", "table", List.of(new Column("id", "INTEGER", false),
                            new Column("customer", "TEXT", false), new Column("amount", "NUMERIC(10,2)", true),
                            new Column("note", "ANY", true)))), tables);
        }
        // names as SQLite compares them: without case
        assertEquals(List.of(new Column("order_id", "BIGINT", true), new Column("sku", "VARCHAR", true)),
                copyTable("line items", Map.of(), OnError.FAIL));
    }

    @Test
    void missingOrForeignFilesAndTablesAreNamed() throws Exception {
        InvalidRequestException missing = assertThrows(InvalidRequestException.class,
                () -> SqliteFile.open(root.resolve("nope.db"), "nope.db"));
        assertEquals("SQLite file nope.db does not exist", missing.getMessage());

        Path csv = Files.writeString(root.resolve("orders.csv"), "id,amount\n1,2\n".repeat(20));
        InvalidRequestException notSqlite = assertThrows(InvalidRequestException.class,
                () -> SqliteFile.open(csv, "orders.csv"));
        assertEquals("orders.csv is not a SQLite database file (it does not start with the SQLite header)",
                notSqlite.getMessage());

        Path empty = Files.createFile(root.resolve("empty.db"));
        assertEquals("empty.db is empty, not a SQLite database file",
                assertThrows(InvalidRequestException.class, () -> SqliteFile.open(empty, "empty.db")).getMessage());
        assertEquals("ws is a folder, not a SQLite database file",
                assertThrows(InvalidRequestException.class, () -> SqliteFile.open(root.resolve("ws"), "ws")).getMessage());

        write("CREATE TABLE orders (id INTEGER)");
        try (Connection c = SqliteFile.open(db, "shop.db")) {
            InvalidRequestException table = assertThrows(InvalidRequestException.class, () -> reader(c).relation("nope"));
            assertEquals("table nope does not exist in shop.db", table.getMessage());
            InvalidRequestException badColumn = assertThrows(InvalidRequestException.class,
                    () -> reader(c).openTable(reader(c).relation("orders"), Map.of("idd", "VARCHAR")));
            assertTrue(badColumn.getMessage().startsWith("option types names column(s) [idd] that table orders in shop.db "
                    + "does not have"), badColumn.getMessage());
            InvalidRequestException syntax = assertThrows(InvalidRequestException.class,
                    () -> reader(c).openQuery("SELECT nope FROM orders", Map.of()));
            assertTrue(syntax.getMessage().startsWith("the query failed on shop.db: ") && syntax.getMessage().contains("nope"),
                    syntax.getMessage());
        }
    }

    @Test
    void unixTimeInMillisecondsWhenAsked() throws Exception {
        write("CREATE TABLE events (at TIMESTAMP, day DATE)",
                "INSERT INTO events VALUES (1709164800123, 1709164800000)");
        try (Connection c = SqliteFile.open(db, "shop.db")) {
            SqliteReader reader = reader(c, SqliteTypes.UnixTime.MILLISECONDS);
            copy(reader.openTable(reader.relation("events"), Map.of()), "events", OnError.FAIL);
        }
        assertEquals(List.of(LocalDateTime.of(2024, 2, 29, 0, 0, 0, 123_000_000), LocalDate.of(2024, 2, 29)),
                session.query("SELECT \"at\", day FROM events").rows().get(0));
    }

    @Test
    void stopsWhenCancelledAndReportsProgress() throws Exception {
        write("CREATE TABLE many (id INTEGER)",
                "WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 20000) INSERT INTO many SELECT x FROM g");
        List<Long> progress = new ArrayList<>();
        try (Connection c = SqliteFile.open(db, "shop.db")) {
            SqliteReader reader = reader(c);
            SqliteReader.Read read = reader.openTable(reader.relation("many"), Map.of());
            opened(read);
            assertEquals(20_000, read.expectedRows());
            try (read; TableAppender appender = session.appender("many", read.columns())) {
                CancellationException e = assertThrows(CancellationException.class,
                        () -> read.copyTo(appender, OnError.FAIL, log::add, () -> progress.size() >= 2, progress::add));
                assertTrue(e.getMessage().contains("cancelled after " + 3 * SqliteReader.CHECK_EVERY + " rows"), e.getMessage());
            }
        }
        assertEquals(List.of((long) SqliteReader.CHECK_EVERY, 2L * SqliteReader.CHECK_EVERY), progress);
    }

    @Test
    void measuresTheRate() throws Exception {
        write("CREATE TABLE bench (id INTEGER, name TEXT, amount NUMERIC(12,2), score REAL, day DATE, at DATETIME)");
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + db, new Properties())) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 300_000; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "customer " + i);
                    insert.setDouble(3, i * 1.01);
                    insert.setDouble(4, i / 7.0);
                    insert.setString(5, LocalDate.of(2024, 1, 1).plusDays(i % 1000).toString());
                    insert.setString(6, LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i * 37L).toString());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
        long start = System.nanoTime();
        copyTable("bench", Map.of(), OnError.FAIL);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(300_000L, session.query("SELECT count(*) FROM bench_1").single());
        System.out.printf("SQLite -> engine (%s): 300,000 rows x 6 columns in %.2f s = %,.0f rows/s%n",
                getClass().getSimpleName(), seconds, 300_000 / seconds);
    }
}

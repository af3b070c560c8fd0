package org.dataanalyst.connector.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CancellationException;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.spi.connector.IngestTarget.OnError;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link SqliteReaderTest} again, with tables read straight from the file ({@link SqlitePages})
 * and rows handed over as the connector does, through a CSV file for the engine's CSV reader ({@link SqliteCsv});
 * and what only the file reader has: record layouts of every kind compared value by value with what SQLite's
 * driver reads, and the cases it leaves to the driver.
 */
class SqliteFileReaderTest extends SqliteReaderTest {

    /** Any table bigger than one page is read in two parts at once, as big tables are. */
    @Override
    SqliteReader reader(Connection c, SqliteTypes.UnixTime unixTime) {
        return new SqliteReader(c, "shop.db", unixTime, db).parallelFrom(1);
    }

    /** Rows go through the CSV file the connector hands to the engine's CSV reader. */
    @Override
    long copy(SqliteReader.Read read, String engineTable, OnError onError) {
        opened(read);
        try (read) {
            Path file = Files.createDirectories(root.resolve("ws").resolve("scratch")).resolve(engineTable + ".csv");
            SqliteCsv.Written written = read.copyTo(file, onError, log::add, () -> false, n -> { });
            session.execute("CREATE TABLE " + engineTable + " AS SELECT * FROM " + written.scanSql());
            return written.rows();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String lastHow;

    @Override
    void opened(SqliteReader.Read read) {
        lastHow = read.how();
        if (read.what().startsWith("table ")) {
            assertTrue(read.direct(), read.how());
        } else {
            assertFalse(read.direct(), read.how());
        }
    }

    private int reads;

    /**
     * Reads a table through the driver into the appender and straight from the file through the CSV file;
     * returns both as text, in {@code order}.
     */
    private List<List<List<Object>>> bothWays(String table, String order, Map<String, String> types) throws SQLException {
        List<List<List<Object>>> both = new ArrayList<>();
        for (boolean direct : List.of(false, true)) {
            String engineTable = table + (direct ? "_file" : "_driver") + "_" + (++reads);
            try (Connection c = SqliteFile.open(db, "shop.db")) {
                SqliteReader reader = direct ? reader(c, SqliteTypes.UnixTime.SECONDS)
                        : new SqliteReader(c, "shop.db", SqliteTypes.UnixTime.SECONDS);
                SqliteReader.Read read = reader.openTable(reader.relation(table), types);
                assertEquals(direct, read.direct(), read.how());
                if (direct) {
                    copy(read, engineTable, OnError.SKIP); // and through the CSV file
                } else {
                    try (read; var appender = session.appender(engineTable, read.columns())) {
                        read.copyTo(appender, OnError.SKIP, log::add, () -> false, n -> { });
                    }
                }
            }
            both.add(session.query("SELECT COLUMNS(*)::VARCHAR FROM " + engineTable + " ORDER BY " + engineTable + "." + order)
                    .rows());
        }
        assertEquals(log.size() % 2, 0, "the same rows were skipped both ways: " + log);
        if (!log.isEmpty()) {
            assertEquals(log.subList(0, log.size() / 2), log.subList(log.size() / 2, log.size()));
        }
        return both;
    }

    @Test
    void everyRecordLayoutReadsAsTheDriverReadsIt() throws Exception {
        // small pages: a deep tree, records spilling over several overflow pages
        write("PRAGMA page_size = 512", "VACUUM",
                "CREATE TABLE layouts (id INTEGER PRIMARY KEY, i INTEGER, r REAL, n NUMERIC, t TEXT, b BLOB, any_value, "
                        + "d DATE)");
        long[] integers = {0, 1, -1, 127, -128, 128, 32767, -32768, 32768, 8388607, -8388608, 8388608, 2147483647L,
                -2147483648L, 2147483648L, 140737488355327L, -140737488355328L, 140737488355328L, Long.MAX_VALUE,
                Long.MIN_VALUE};
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + db, new Properties())) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO layouts VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int k = 0; k < 6000; k++) {
                    long v = integers[k % integers.length];
                    insert.setLong(1, k * 3L - 5000); // negative rowids too
                    insert.setLong(2, v);
                    insert.setDouble(3, k % 7 == 0 ? k : k / 3.0); // integral reals are stored as integers
                    insert.setObject(4, k % 5 == 0 ? "12.50" : k % 5 == 1 ? (Object) 3.0 : k % 5 == 2 ? null : (Object) v);
                    insert.setString(5, k % 100 == 0 ? "long ü text, ".repeat(k % 300 + 40) : "t" + k);
                    insert.setBytes(6, k % 250 == 0 ? new byte[3000 + k] : new byte[] {(byte) k, 0, (byte) 0xFF});
                    insert.setObject(7, k % 4 == 0 ? (Object) ("x" + k) : k % 4 == 1 ? (Object) (k / 2.0)
                            : k % 4 == 2 ? null : (Object) new byte[] {1, 2});
                    insert.setObject(8, k % 3 == 0 ? (Object) "2024-02-29 10:11:12" : k % 3 == 1 ? (Object) 1709164800L
                            : (Object) 2460400.5);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
        List<List<List<Object>>> both = bothWays("layouts", "id", Map.of("any_value", "BLOB"));
        assertEquals("straight from the file, in two parts at once", lastHow);
        assertEquals(4500, both.get(0).size(), "the reals in any_value do not fit BLOB");
        log.clear();
        assertEquals(both.get(0), both.get(1));
        assertEquals(List.of("-5000", "0", "0.0", "12.5"), both.get(1).get(0).subList(0, 4));

        // the same rows read as text where SQLite's conversions show (reals stored as integers)
        both = bothWays("layouts", "id", Map.of("r", "VARCHAR", "n", "VARCHAR", "any_value", "VARCHAR", "b", "BLOB"));
        assertEquals(both.get(0), both.get(1));
        assertEquals(4500, both.get(0).size(), "the blobs in any_value do not fit VARCHAR");
    }

    @Test
    void textReadsAsTheDriverReadsItEvenWhenMalformed() throws Exception {
        write("CREATE TABLE texts (id INTEGER PRIMARY KEY, t TEXT)",
                "INSERT INTO texts VALUES (1, 'plain \"quoted\", commas'), (2, 'ünïcödé \"q\"'), (3, CAST(X'61FF62' AS TEXT)), "
                        + "(4, CAST(X'E282' AS TEXT)), (5, ''), (6, NULL), (7, char(10) || char(13) || ',')");
        List<List<List<Object>>> both = bothWays("texts", "id", Map.of());
        assertEquals(both.get(0), both.get(1));
        assertEquals(List.of("a\uFFFDb"), both.get(1).get(2).subList(1, 2));
        assertEquals(Arrays.asList("6", null), both.get(1).get(5));
        assertEquals(List.of("5", ""), both.get(1).get(4));
    }

    @Test
    void rowsAreNumberedAcrossTheTwoPartsAndCancellingStopsBoth() throws Exception {
        write("PRAGMA page_size = 512", "VACUUM", "CREATE TABLE parts (id INTEGER PRIMARY KEY, n INTEGER)",
                "WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 20000) INSERT INTO parts SELECT x, x FROM g",
                "UPDATE parts SET n = 'bad' WHERE id IN (10, 19000)");
        List<String> messages = new ArrayList<>();
        for (boolean direct : List.of(false, true)) {
            for (OnError onError : List.of(OnError.FAIL, OnError.SKIP)) {
                log.clear();
                try (Connection c = SqliteFile.open(db, "shop.db")) {
                    SqliteReader reader = direct ? reader(c, SqliteTypes.UnixTime.SECONDS)
                            : new SqliteReader(c, "shop.db", SqliteTypes.UnixTime.SECONDS);
                    try (SqliteReader.Read read = reader.openTable(reader.relation("parts"), Map.of())) {
                        assertEquals(direct, read.how().contains("two parts"), read.how());
                        Path file = Files.createDirectories(root.resolve("ws/scratch")).resolve("parts" + direct + ".csv");
                        try {
                            SqliteCsv.Written written = read.copyTo(file, onError, log::add, () -> false, n -> { });
                            assertEquals(19_998, written.rows());
                            messages.add(String.join("\n", log));
                        } catch (InvalidRequestException e) {
                            messages.add(e.getMessage());
                        }
                    }
                }
            }
        }
        assertEquals(messages.subList(0, 2), messages.subList(2, 4), "the same messages both ways");
        assertTrue(messages.get(0).startsWith("reading table parts of shop.db, column 'n', row 10: 'bad' (text)"),
                messages.get(0));
        assertEquals("Skipped table parts of shop.db, column 'n', row 10: 'bad' (text) does not fit BIGINT\n"
                + "Skipped table parts of shop.db, column 'n', row 19000: 'bad' (text) does not fit BIGINT\n"
                + "Skipped 2 of 20000 rows of table parts whose values did not fit their column types", messages.get(1));

        try (Connection c = SqliteFile.open(db, "shop.db")) {
            SqliteReader reader = reader(c, SqliteTypes.UnixTime.SECONDS);
            try (SqliteReader.Read read = reader.openTable(reader.relation("parts"), Map.of("n", "VARCHAR"))) {
                CancellationException e = assertThrows(CancellationException.class, () -> read.copyTo(
                        root.resolve("ws/scratch/cancelled.csv"), OnError.FAIL, log::add, () -> true, n -> { }));
                assertTrue(e.getMessage().contains("was cancelled after"), e.getMessage());
            }
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("sqlite-read-part-2")),
                "the second part's thread has ended");
    }

    @Test
    void columnsAddedLaterTakeTheirDefaultsAsSQLiteGivesThem() throws Exception {
        write("CREATE TABLE grown (id INTEGER PRIMARY KEY, a TEXT)", "INSERT INTO grown VALUES (1, 'old')",
                "ALTER TABLE grown ADD COLUMN b TEXT DEFAULT 5", "ALTER TABLE grown ADD COLUMN c REAL DEFAULT 1",
                "ALTER TABLE grown ADD COLUMN d INTEGER", "ALTER TABLE grown ADD COLUMN e BLOB DEFAULT x'0102'",
                "INSERT INTO grown VALUES (2, 'new', 'b', 2.5, 4, NULL)");
        List<List<List<Object>>> both = bothWays("grown", "id", Map.of());
        assertEquals(both.get(0), both.get(1));
        assertEquals(Arrays.asList("1", "old", "5", "1.0", null, "\\x01\\x02"), both.get(1).get(0));
    }

    @Test
    void leavesToTheDriverWhatTheFileAloneDoesNotTell() throws Exception {
        write("CREATE TABLE keyed (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID", "INSERT INTO keyed VALUES ('a', 1)",
                "CREATE TABLE computed (a INTEGER, b INTEGER GENERATED ALWAYS AS (a * 2) VIRTUAL)",
                "INSERT INTO computed (a) VALUES (21)",
                "CREATE TABLE backwards (id INTEGER PRIMARY KEY DESC, v TEXT)", "INSERT INTO backwards VALUES (7, 'x')",
                "CREATE VIEW seen AS SELECT k, v FROM keyed");
        Map<String, String> reasons = Map.of("keyed", "WITHOUT ROWID", "computed", "generated columns",
                "backwards", "PRIMARY KEY DESC", "seen", "a view");
        for (Map.Entry<String, String> e : reasons.entrySet()) {
            try (Connection c = SqliteFile.open(db, "shop.db")) {
                SqliteReader reader = reader(c, SqliteTypes.UnixTime.SECONDS);
                SqliteReader.Read read = reader.openTable(reader.relation(e.getKey()), Map.of());
                assertTrue(!read.direct() && read.how().contains(e.getValue()), read.how());
                try (read; var appender = session.appender(e.getKey(), read.columns())) {
                    assertEquals(1, read.copyTo(appender, OnError.FAIL, log::add, () -> false, n -> { }));
                }
            }
        }
        assertEquals(List.of(21L, 42L), session.query("SELECT a, b FROM computed").rows().get(0));
        assertEquals(List.of(7L, "x"), session.query("SELECT * FROM backwards").rows().get(0));
    }

    @Test
    void aWriteAheadLogWithChangesIsLeftToTheDriver() throws Exception {
        write("PRAGMA journal_mode = WAL", "CREATE TABLE logged (id INTEGER PRIMARY KEY, v TEXT)",
                "INSERT INTO logged VALUES (1, 'checkpointed')");
        try (Connection writer = new org.sqlite.JDBC().connect("jdbc:sqlite:" + db, new Properties());
             Statement s = writer.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = 0");
            s.execute("INSERT INTO logged VALUES (2, 'only in the log')");
            try (Connection c = SqliteFile.open(db, "shop.db")) {
                SqliteReader reader = reader(c, SqliteTypes.UnixTime.SECONDS);
                SqliteReader.Read read = reader.openTable(reader.relation("logged"), Map.of());
                assertTrue(!read.direct() && read.how().contains("write-ahead log"), read.how());
                try (read; var appender = session.appender("logged", read.columns())) {
                    assertEquals(2, read.copyTo(appender, OnError.FAIL, log::add, () -> false, n -> { }));
                }
            }
        }
        assertEquals("only in the log", session.query("SELECT v FROM logged WHERE id = 2").single());
    }

    @Test
    void aUtf16FileIsLeftToTheDriver() throws Exception {
        write("PRAGMA encoding = 'UTF-16le'", "CREATE TABLE wide (id INTEGER PRIMARY KEY, v TEXT)",
                "INSERT INTO wide VALUES (1, 'ünïcödé')");
        try (Connection c = SqliteFile.open(db, "shop.db")) {
            SqliteReader reader = reader(c, SqliteTypes.UnixTime.SECONDS);
            SqliteReader.Read read = reader.openTable(reader.relation("wide"), Map.of());
            assertTrue(!read.direct() && read.how().contains("UTF-16"), read.how());
            try (read; var appender = session.appender("wide", read.columns())) {
                read.copyTo(appender, OnError.FAIL, log::add, () -> false, n -> { });
            }
        }
        assertEquals("ünïcödé", session.query("SELECT v FROM wide").single());
    }

    @Test
    void writersWaitUntilTheFileHasBeenRead() throws Exception {
        write("CREATE TABLE guarded (id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO guarded VALUES (1, 'a')");
        try (Connection c = SqliteFile.open(db, "shop.db")) {
            SqliteReader reader = reader(c, SqliteTypes.UnixTime.SECONDS);
            SqliteReader.Read read = reader.openTable(reader.relation("guarded"), Map.of());
            assertTrue(read.direct(), read.how());
            try (Connection writer = new org.sqlite.JDBC().connect("jdbc:sqlite:" + db, new Properties());
                 Statement s = writer.createStatement()) {
                SQLException busy = assertThrows(SQLException.class, () -> s.execute("INSERT INTO guarded VALUES (2, 'b')"));
                assertTrue(busy.getMessage().contains("locked") || busy.getMessage().contains("BUSY"), busy.getMessage());
                copy(read, "guarded", OnError.FAIL); // closes the read, and with it the read transaction
                s.execute("INSERT INTO guarded VALUES (2, 'b')");
            }
        }
        assertEquals(1L, session.query("SELECT count(*) FROM guarded").single());
    }

    @Test
    void aDamagedPageIsNamed() throws Exception {
        write("PRAGMA page_size = 512", "VACUUM", "CREATE TABLE hurt (id INTEGER PRIMARY KEY, v TEXT)",
                "WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 2000) "
                        + "INSERT INTO hurt SELECT x, 'value ' || x FROM g");
        long pages = java.nio.file.Files.size(db) / 512;
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek((pages - 1) * 512); // the last page: a leaf of the table
            f.write(new byte[] {42});
        }
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> copyTable("hurt", Map.of(), OnError.FAIL));
        assertTrue(e.getMessage().startsWith("reading table hurt of shop.db") && (e.getMessage().contains("damaged")
                || e.getMessage().contains("malformed")), e.getMessage());
        assertFalse(e.getMessage().getBytes(StandardCharsets.UTF_8).length > 500, e.getMessage());
    }
}

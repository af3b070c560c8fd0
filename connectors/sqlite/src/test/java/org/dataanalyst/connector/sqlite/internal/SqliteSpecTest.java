package org.dataanalyst.connector.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.spi.connector.SourceSpec;
import org.junit.jupiter.api.Test;

/** Locations, options, declared types and queries are checked before a file is opened. */
class SqliteSpecTest {

    private static SourceSpec spec(String location, Object... options) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put((String) options[i], options[i + 1]);
        }
        return new SourceSpec("sqlite", location, map);
    }

    private static String refused(SourceSpec spec) {
        return assertThrows(InvalidRequestException.class, () -> new SqliteConnector().validate(spec)).getMessage();
    }

    @Test
    void acceptsPathsAndJdbcUrls() {
        SqliteSpec plain = SqliteSpec.of(spec("raw/u1/shop.db", "table", "orders"), false);
        assertEquals("raw/u1/shop.db", plain.file());
        assertEquals(SqliteTypes.UnixTime.SECONDS, plain.unixTime());
        SqliteSpec jdbc = SqliteSpec.of(spec("jdbc:sqlite:/data/imports/shop.db", "query", "SELECT 1;",
                "types", Map.of("a", "decimal(10, 2)"), "unix_time", "milliseconds"), false);
        assertEquals("/data/imports/shop.db", jdbc.file());
        assertEquals("SELECT 1", jdbc.query());
        assertEquals(Map.of("a", "DECIMAL(10,2)"), jdbc.types());
        assertEquals(SqliteTypes.UnixTime.MILLISECONDS, jdbc.unixTime());
    }

    @Test
    void refusesBadSpecsClearly() {
        assertEquals("a sqlite source needs option table or option query (a read-only SELECT)", refused(spec("x.db")));
        assertEquals("a sqlite source takes option table or option query, not both",
                refused(spec("x.db", "table", "t", "query", "SELECT 1")));
        assertTrue(refused(spec(null, "table", "t")).startsWith("a sqlite source needs a location"));
        assertTrue(refused(spec("jdbc:sqlite:", "table", "t")).startsWith("a sqlite source needs a location"));
        assertTrue(refused(spec("x.db", "table", "t", "typo", 1)).startsWith("unknown sqlite option(s) [typo]"));
        assertTrue(refused(spec("x.db", "table", "t", "types", Map.of("a", "INTERVAL")))
                .startsWith("option types, column 'a': 'INTERVAL' is not a type a column can be read as"));
        assertTrue(refused(spec("x.db", "table", "t", "types", List.of("a"))).startsWith("option types must be an object"));
        assertTrue(refused(spec("x.db", "table", "t", "unix_time", "hours")).startsWith("option unix_time must be"));
        assertTrue(refused(spec("x.db", "query", "DROP TABLE t")).startsWith("option query: the query must be a read-only SELECT"));
        // listing tables needs neither table nor query
        assertEquals("x.db", SqliteSpec.of(spec("x.db"), true).file());
    }

    @Test
    void mapsDeclaredTypesByAffinity() {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("", "VARCHAR");
        expected.put("INTEGER", "BIGINT");
        expected.put("int", "BIGINT");
        expected.put("UNSIGNED BIG INT", "BIGINT");
        expected.put("TINYINT", "BIGINT");
        expected.put("REAL", "DOUBLE");
        expected.put("FLOAT", "DOUBLE");
        expected.put("DOUBLE PRECISION", "DOUBLE");
        expected.put("TEXT", "VARCHAR");
        expected.put("VARCHAR(255)", "VARCHAR");
        expected.put("NCHAR(5)", "VARCHAR");
        expected.put("CLOB", "VARCHAR");
        expected.put("BLOB", "BLOB");
        expected.put("NUMERIC", "DOUBLE");
        expected.put("NUMERIC(10,2)", "DECIMAL(10,2)");
        expected.put("decimal(5)", "DECIMAL(5,0)");
        expected.put("DECIMAL(40,2)", "DOUBLE");
        expected.put("BOOLEAN", "BOOLEAN");
        expected.put("DATE", "DATE");
        expected.put("DATETIME", "TIMESTAMP");
        expected.put("TIMESTAMP", "TIMESTAMP");
        expected.put("TIME", "TIME");
        expected.put("STRING", "VARCHAR");
        expected.put("JSON", "VARCHAR");
        Map<String, String> actual = new java.util.LinkedHashMap<>();
        expected.keySet().forEach(k -> actual.put(k, SqliteTypes.engineType(k)));
        assertEquals(expected, actual);
    }

    @Test
    void parsesSqliteDateTimeText() {
        assertEquals(java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5, 600_000_000),
                SqliteTypes.parseDateTime("2024-01-02T03:04:05.6"));
        assertEquals(java.time.LocalDateTime.of(2024, 1, 2, 0, 0), SqliteTypes.parseDateTime("2024-01-02"));
        assertEquals(java.time.LocalDateTime.of(2024, 1, 1, 22, 4), SqliteTypes.parseDateTime("2024-01-02 03:04+0500"));
        assertEquals(java.time.LocalDateTime.of(2024, 1, 2, 3, 4), SqliteTypes.parseDateTime("2024-01-02 03:04Z"));
        for (String bad : List.of("2024/01/02", "02.01.2024", "2024-01-02 3:04", "2024-01-02T03:04:05.", "now")) {
            assertEquals(null, SqliteTypes.parseDateTime(bad), bad);
        }
    }

    @Test
    void findsTheOneStatementOfAQuery() {
        assertEquals("SELECT ';', \"a;b\", [c;d], `e;f` /* ; */ FROM t",
                SqlText.readOnlyStatement("SELECT ';', \"a;b\", [c;d], `e;f` /* ; */ FROM t; -- done"));
        for (String bad : List.of("SELECT 1; DELETE FROM t", "ATTACH 'x.db' AS x", "PRAGMA writable_schema = 1",
                "INSERT INTO t VALUES (1)", "")) {
            assertThrows(IllegalArgumentException.class, () -> SqlText.readOnlyStatement(bad), bad);
        }
    }

    @Test
    void describesItselfWithAnOptionsSchema() {
        Descriptor d = new SqliteConnector().descriptor();
        assertEquals("sqlite", d.name());
        assertEquals("SQLite", d.title());
        assertFalse(d.description().isBlank());
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) d.optionsSchema().get("properties");
        assertEquals(List.of("table", "query", "types", "unix_time"), List.copyOf(properties.keySet()));
    }
}

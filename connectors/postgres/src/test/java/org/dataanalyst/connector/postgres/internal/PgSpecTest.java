package org.dataanalyst.connector.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.spi.connector.SourceSpec;
import org.junit.jupiter.api.Test;

/** Locations, options and queries are checked before anything connects. */
class PgSpecTest {

    private static SourceSpec spec(String location, Object... options) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put((String) options[i], options[i + 1]);
        }
        return new SourceSpec("postgres", location, map);
    }

    private static String refused(SourceSpec spec) {
        return assertThrows(InvalidRequestException.class, () -> new PostgresConnector().validate(spec)).getMessage();
    }

    @Test
    void acceptsJdbcUrlsAndUris() {
        PgSpec jdbc = PgSpec.of(spec("jdbc:postgresql://db.example.com/shop?sslmode=require&connect_timeout=3", "table", "sales.orders"),
                false);
        assertEquals("db.example.com:5432/shop", jdbc.source().server());
        assertEquals(new PgTableName("sales", "orders"), jdbc.table());
        assertEquals(3, jdbc.connectTimeoutSeconds());
        assertEquals(PgSpec.DEFAULT_FETCH_SIZE, jdbc.fetchSize());

        PgSpec uri = PgSpec.of(spec("postgresql://ann:s%40cret@db:6543/my%20db?application_name=x", "query", "SELECT 1;",
                "fetch_size", 500, "connect_timeout_seconds", "7"), false);
        assertEquals("db:6543/my db", uri.source().server());
        assertEquals("ann", uri.source().userForMessages());
        assertEquals("SELECT 1", uri.query());
        assertEquals(500, uri.fetchSize());
        assertEquals(7, uri.connectTimeoutSeconds());

        PgSpec multi = PgSpec.of(spec("postgres://h1,h2:5433,[::1]/db", "table", "t"), false);
        assertEquals("h1:5432,h2:5433,[::1]:5432/db", multi.source().server());
        assertNull(multi.table().schema());

        assertEquals("bob", PgSpec.of(spec("postgresql://ann@db/x", "table", "t", "user", "bob"), false).source().userForMessages());
    }

    @Test
    void refusesASpecWithoutTableAndQueryOrWithBoth() {
        assertEquals("a postgres source needs option table (schema.table) or option query (a read-only SELECT)",
                refused(spec("postgresql://db/x")));
        assertEquals("a postgres source takes option table or option query, not both",
                refused(spec("postgresql://db/x", "table", "t", "query", "SELECT 1")));
        // listing tables needs neither
        assertEquals("db:5432/x", PgSpec.of(spec("postgresql://db/x"), true).source().server());
    }

    @Test
    void refusesBadLocationsAndOptionsClearly() {
        assertTrue(refused(spec(null, "table", "t")).startsWith("a postgres source needs a location"));
        assertTrue(refused(spec("mysql://db/x", "table", "t")).startsWith("a postgres location must start with"));
        String noDb = refused(spec("postgresql://ann:hunter2@db:5432", "table", "t"));
        assertTrue(noDb.startsWith("the postgres location names no database"), noDb);
        assertFalse(noDb.contains("hunter2"), noDb);
        assertTrue(refused(spec("postgresql://db/x", "table", "t", "fetch_size", 0)).startsWith("option fetch_size must be"));
        assertTrue(refused(spec("postgresql://db/x", "table", "t", "fetch_size", "lots")).startsWith("option fetch_size must be"));
        assertTrue(refused(spec("postgresql://db/x", "table", "t", "tabel", "t")).startsWith("unknown postgres option(s) [tabel]"));
        assertTrue(refused(spec("postgresql://db/x", "table", "a.b.c")).startsWith("option table must be table or schema.table"));
        assertTrue(refused(spec("postgresql://db/x", "query", "DELETE FROM t")).startsWith("option query: the query must be a read-only SELECT"));
        assertTrue(refused(spec("postgresql://db/x", "query", 5)).startsWith("option query must be a string"));
    }

    @Test
    void tableNamesMayBeQuoted() {
        assertEquals(new PgTableName("my.schema", "Orders \"2024\""), PgTableName.parse("\"my.schema\".\"Orders \"\"2024\"\"\""));
        assertEquals(new PgTableName(null, "Orders"), PgTableName.parse("Orders"));
    }

    @Test
    void findsTheOneStatementOfAQuery() {
        assertEquals("SELECT ';' AS semi, $$a;b$$, $tag$ ; $tag$, E'\\';', \"x;y\" /* ; */ -- ;\nFROM t",
                SqlText.readOnlyStatement("SELECT ';' AS semi, $$a;b$$, $tag$ ; $tag$, E'\\';', \"x;y\" /* ; */ -- ;\nFROM t; -- end"));
        assertEquals("(SELECT 1) UNION (SELECT 2)", SqlText.readOnlyStatement("(SELECT 1) UNION (SELECT 2)"));
        assertEquals("WITH a AS (SELECT 1) SELECT * FROM a", SqlText.readOnlyStatement("  WITH a AS (SELECT 1) SELECT * FROM a ;"));
        for (String bad : List.of("SELECT 1; DELETE FROM t", "SELECT 'a'';'; COMMIT", "UPDATE t SET a = 1", "COPY t TO STDOUT",
                "/* SELECT */ DELETE FROM t", "", "  ")) {
            assertThrows(IllegalArgumentException.class, () -> SqlText.readOnlyStatement(bad), bad);
        }
    }

    @Test
    void masksPasswordsInLocations() {
        assertEquals("postgresql://ann:***@db/x?password=***&a=b",
                PgSource.mask("postgresql://ann:hunter2@db/x?password=hunter3&a=b"));
    }

    @Test
    void describesItselfWithAnOptionsSchema() {
        Descriptor d = new PostgresConnector().descriptor();
        assertEquals("postgres", d.name());
        assertEquals("PostgreSQL", d.title());
        assertFalse(d.description().isBlank());
        assertEquals("object", d.optionsSchema().get("type"));
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) d.optionsSchema().get("properties");
        assertEquals(List.of("table", "query", "user", "password", "fetch_size", "connect_timeout_seconds"),
                List.copyOf(properties.keySet()));
        assertEquals(false, d.optionsSchema().get("additionalProperties"));
    }
}

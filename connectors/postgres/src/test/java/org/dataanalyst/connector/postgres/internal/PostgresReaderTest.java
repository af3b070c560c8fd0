package org.dataanalyst.connector.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.function.UnaryOperator;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.api.engine.TableAppender;
import org.dataanalyst.engine.duckdb.internal.DuckDbEngine;
import org.dataanalyst.spi.connector.SourceTable;
import org.dataanalyst.tests.support.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector's core against a real PostgreSQL ({@link PostgresFixture}) and a real DuckDB session:
 * rows go through {@link PgSource#connect}, {@link PgReader} and the engine's appender, and are read back
 * with SQL.
 */
class PostgresReaderTest {

    private static final UnaryOperator<String> NO_SECRETS = UnaryOperator.identity();

    @TempDir
    static Path root;

    private static PostgresFixture.TestDatabase database;
    private static DuckDbEngine engine;

    private EngineSession session;
    private Connection connection;
    private PgReader reader;
    private PgSource source;

    @BeforeAll
    static void start() {
        database = PostgresFixture.createDatabase();
        engine = new DuckDbEngine("1GB", 2, root.resolve("tmp"), "4GB");
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        PostgresFixture.dropDatabase(database);
    }

    @BeforeEach
    void setUp() throws IOException {
        PostgresFixture.resetDatabase(database);
        session = engine.open(Files.createDirectories(root.resolve("ws")));
        source = PgSource.parse(database.url(), database.user(), database.password());
        connection = source.connect(NO_SECRETS, 10);
        reader = new PgReader(connection, source.server());
    }

    @AfterEach
    void tearDown() throws SQLException {
        connection.close();
        session.close();
    }

    /** Runs statements on the test database with a writable connection of its own. */
    private static void admin(String... statements) {
        Properties p = new Properties();
        if (database.user() != null) {
            p.setProperty("user", database.user());
        }
        if (database.password() != null) {
            p.setProperty("password", database.password());
        }
        try (Connection c = new org.postgresql.Driver().connect(database.url(), p); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Reads a whole table into a new engine table of the same name and returns the engine columns. */
    private List<Column> copyTable(String table) {
        return copyTable(table, table.substring(table.indexOf('.') + 1));
    }

    private List<Column> copyTable(String table, String engineTable) {
        PgReader.Relation relation = reader.relation(PgTableName.parse(table));
        try (PgReader.Read read = reader.openTable(relation, 1000);
             TableAppender appender = session.appender(engineTable, read.columns())) {
            read.copyTo(appender, () -> false, n -> { });
            return read.columns();
        }
    }

    @Test
    void everyMappedTypeRoundTripsWithItsValue() {
        admin("CREATE TYPE mood AS ENUM ('sad', 'happy')",
                "CREATE DOMAIN positive AS int4 CHECK (VALUE > 0)",
                "CREATE TABLE every_type (id int8 NOT NULL PRIMARY KEY, i2 int2, i4 int4, dom positive, num numeric(12,2), "
                        + "num_free numeric, num_big numeric(50,5), f4 float4, f8 float8, t text, vc varchar(20), ch char(3), "
                        + "nm name, b bool, d date, tm time, ts timestamp, tstz timestamptz, js json, jsb jsonb, u uuid, "
                        + "bin bytea, ai int4[], atext text[], ats timestamptz[], an numeric(6,1)[], iv interval, feeling mood, "
                        + "cash money, ip inet, pt point, rng int4range)",
                "INSERT INTO every_type VALUES (1, -32768, 2147483647, 7, 1234.56, 1.5, "
                        + "12345678901234567890123456789012345678901234.12345, 1.25, 2.5, 'ünïcödé', 'varying', 'ab', 'nm', "
                        + "true, '2024-02-29', '13:14:15.123456', '2024-03-31 02:30:00.5', '2024-01-01 10:00:00+02', "
                        + "'{\"a\": [1, 2]}', '{\"b\":  1}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x00ff', "
                        + "'{1,NULL,3}', '{a,\"b,c\",NULL}', '{\"2000-01-01 00:00:00+00\"}', '{1.5,NULL}', "
                        + "'1 day 02:00:00', 'happy', 12.5, '10.0.0.1/8', '(1,2)', '[1,5)')",
                "INSERT INTO every_type (id) VALUES (2)");

        List<Column> columns = copyTable("public.every_type");

        assertEquals(List.of(new Column("id", "BIGINT", false), new Column("i2", "SMALLINT", true),
                new Column("i4", "INTEGER", true), new Column("dom", "INTEGER", true),
                new Column("num", "DECIMAL(12,2)", true), new Column("num_free", "DOUBLE", true),
                new Column("num_big", "DOUBLE", true), new Column("f4", "FLOAT", true), new Column("f8", "DOUBLE", true),
                new Column("t", "VARCHAR", true), new Column("vc", "VARCHAR", true), new Column("ch", "VARCHAR", true),
                new Column("nm", "VARCHAR", true), new Column("b", "BOOLEAN", true), new Column("d", "DATE", true),
                new Column("tm", "TIME", true), new Column("ts", "TIMESTAMP", true),
                new Column("tstz", "TIMESTAMP WITH TIME ZONE", true), new Column("js", "JSON", true),
                new Column("jsb", "JSON", true), new Column("u", "UUID", true), new Column("bin", "BLOB", true),
                new Column("ai", "INTEGER[]", true), new Column("atext", "VARCHAR[]", true),
                new Column("ats", "TIMESTAMP WITH TIME ZONE[]", true), new Column("an", "DECIMAL(6,1)[]", true),
                new Column("iv", "VARCHAR", true), new Column("feeling", "VARCHAR", true), new Column("cash", "VARCHAR", true),
                new Column("ip", "VARCHAR", true), new Column("pt", "VARCHAR", true), new Column("rng", "VARCHAR", true)),
                columns);

        QueryResult r = session.query("SELECT id, i2, i4, dom, num, num_free, num_big, f4, f8, t, vc, ch, nm, b, d, tm, ts, "
                + "epoch_us(tstz), js::VARCHAR, jsb::VARCHAR, u::VARCHAR, bin::VARCHAR, ai::VARCHAR, atext::VARCHAR, "
                + "[epoch_us(x) for x in ats]::VARCHAR, an::VARCHAR, iv, feeling, cash, ip, pt, rng FROM every_type ORDER BY id");
        List<Object> row = r.rows().get(0);
        List<Object> expected = new ArrayList<>(List.of(1L, -32768L, 2147483647L, 7L, new BigDecimal("1234.56"), 1.5,
                new BigDecimal("12345678901234567890123456789012345678901234.12345").doubleValue(), 1.25, 2.5, "ünïcödé",
                "varying", "ab ", "nm", true, LocalDate.of(2024, 2, 29), LocalTime.of(13, 14, 15, 123_456_000),
                LocalDateTime.of(2024, 3, 31, 2, 30, 0, 500_000_000), Instant.parse("2024-01-01T08:00:00Z").toEpochMilli() * 1000,
                "{\"a\": [1, 2]}", "{\"b\": 1}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "\\x00\\xFF", "[1, NULL, 3]",
                "[a, 'b,c', NULL]", "[946684800000000]", "[1.5, NULL]", "1 day 02:00:00", "happy"));
        assertEquals(expected, row.subList(0, expected.size()));
        assertTrue(row.get(28).toString().contains("12.50"), row.get(28).toString());
        assertEquals(List.of("10.0.0.1/8", "(1,2)", "[1,5)"), row.subList(29, 32));

        List<Object> nulls = r.rows().get(1);
        assertEquals(2L, nulls.get(0));
        assertTrue(nulls.subList(1, nulls.size()).stream().allMatch(v -> v == null), nulls.toString());
    }

    @Test
    void infinitiesAreKeptAndNaNInADecimalIsNamed() {
        admin("CREATE TABLE edges (d date, ts timestamp, tstz timestamptz, x float8, n numeric(5,2))",
                "INSERT INTO edges VALUES ('infinity', '-infinity', 'infinity', 'NaN', 1.5)",
                "INSERT INTO edges VALUES (NULL, NULL, NULL, '-Infinity', 'NaN')");
        PgReader.Relation relation = reader.relation(PgTableName.parse("edges"));
        try (PgReader.Read read = reader.openTable(relation, 1000);
             TableAppender appender = session.appender("edges", read.columns())) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> read.copyTo(appender, () -> false, n -> { }));
            assertEquals("reading table public.edges from PostgreSQL at " + source.server()
                    + " failed, column 'n', row 2: the value NaN cannot be stored as a DECIMAL", e.getMessage());
        }
        assertEquals(List.of("infinity", "-infinity", "infinity", "nan", "1.50"),
                session.query("SELECT d::VARCHAR, ts::VARCHAR, tstz::VARCHAR, lower(x::VARCHAR), n::VARCHAR FROM edges")
                        .rows().get(0));
    }

    @Test
    void citextIsText() {
        try {
            admin("CREATE EXTENSION IF NOT EXISTS citext");
        } catch (IllegalStateException e) {
            Assumptions.abort("the test server has no citext extension: " + e.getMessage());
        }
        admin("CREATE TABLE names (n citext)", "INSERT INTO names VALUES ('MiXeD')");
        assertEquals(List.of(new Column("n", "VARCHAR", true)), copyTable("names"));
        assertEquals("MiXeD", session.query("SELECT n FROM names").single());
    }

    @Test
    void readsAQueryWithNullableColumnsAndUniqueNames() {
        admin("CREATE TABLE orders (id int4 NOT NULL, amount numeric(10,2) NOT NULL)",
                "INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 10) g");
        try (PgReader.Read read = reader.openQuery(
                "-- the big ones\nSELECT id, amount, amount * 2 AS doubled, id AS \"ID\" FROM orders WHERE id > 5 ORDER BY id;", 3);
             TableAppender appender = session.appender("q", read.columns())) {
            assertEquals(List.of(new Column("id", "INTEGER", true), new Column("amount", "DECIMAL(10,2)", true),
                    new Column("doubled", "DOUBLE", true), new Column("ID_2", "INTEGER", true)), read.columns());
            assertEquals(5, read.copyTo(appender, () -> false, n -> { }));
        }
        assertEquals(List.of(List.of(6L, new BigDecimal("9.00"), 18.0, 6L)),
                session.query("SELECT * FROM q ORDER BY id LIMIT 1").rows());
    }

    @Test
    void aQueryCannotWrite() {
        admin("CREATE TABLE keep (id int4)", "INSERT INTO keep VALUES (1), (2)");
        InvalidRequestException delete = assertThrows(InvalidRequestException.class,
                () -> reader.openQuery("DELETE FROM keep", 100));
        assertTrue(delete.getMessage().contains("must be a read-only SELECT"), delete.getMessage());
        InvalidRequestException second = assertThrows(InvalidRequestException.class,
                () -> reader.openQuery("SELECT 1; COMMIT; DELETE FROM keep", 100));
        assertTrue(second.getMessage().contains("must be one statement"), second.getMessage());
        // a write hidden in a SELECT is refused by the server: the query runs in a read-only transaction
        InvalidRequestException cte = assertThrows(InvalidRequestException.class,
                () -> reader.openQuery("WITH gone AS (DELETE FROM keep RETURNING *) SELECT * FROM gone", 100));
        assertTrue(cte.getMessage().contains("read-only transaction")
                && cte.getMessage().contains("at " + source.server()), cte.getMessage());
        try (PgReader.Read read = reader.openQuery("SELECT count(*) AS n FROM keep", 100);
             TableAppender appender = session.appender("n", read.columns())) {
            read.copyTo(appender, () -> false, n -> { });
        }
        assertEquals(2L, session.query("SELECT n FROM n").single());
    }

    @Test
    void listsTablesAndViewsWithTheirColumnsInOrder() {
        admin("CREATE SCHEMA sales",
                "CREATE TABLE sales.orders (id int8 NOT NULL, amount numeric(12,2), tags text[], placed timestamptz)",
                "CREATE VIEW sales.big_orders AS SELECT id, amount FROM sales.orders WHERE amount > 100",
                "CREATE TABLE public.\"Mixed Case\" (\"Name\" varchar(10))");
        List<SourceTable> tables = reader.tables();
        assertEquals(List.of(
                new SourceTable("public", "Mixed Case", "table", List.of(new Column("Name", "character varying(10)", true))),
                new SourceTable("sales", "big_orders", "view",
                        List.of(new Column("id", "bigint", true), new Column("amount", "numeric(12,2)", true))),
                new SourceTable("sales", "orders", "table", List.of(new Column("id", "bigint", false),
                        new Column("amount", "numeric(12,2)", true), new Column("tags", "text[]", true),
                        new Column("placed", "timestamp with time zone", true)))), tables);
        // names are exact: the listed name reads the table
        assertEquals(List.of(new Column("Name", "VARCHAR", true)), copyTable("\"Mixed Case\"", "mixed_case"));
    }

    @Test
    void aMissingTableIsNamedWithItsSchemaAndServer() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> reader.relation(PgTableName.parse("nope")));
        assertEquals("table public.nope does not exist at " + source.server(), e.getMessage());
        InvalidRequestException qualified = assertThrows(InvalidRequestException.class,
                () -> reader.relation(PgTableName.parse("sales.nope")));
        assertEquals("table sales.nope does not exist at " + source.server(), qualified.getMessage());
    }

    @Test
    void aMultiDimensionalArrayFailsNamingColumnAndRow() {
        admin("CREATE TABLE grid (id int4, cells int4[])", "INSERT INTO grid VALUES (1, '{1,2}'), (2, '{{1,2},{3,4}}')");
        PgReader.Relation relation = reader.relation(PgTableName.parse("grid"));
        try (PgReader.Read read = reader.openTable(relation, 1000);
             TableAppender appender = session.appender("grid", read.columns())) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> read.copyTo(appender, () -> false, n -> { }));
            assertTrue(e.getMessage().startsWith("reading table public.grid from PostgreSQL at " + source.server()
                    + " failed, column 'cells', row 2: a multi-dimensional array"), e.getMessage());
        }
    }

    @Test
    void stopsWhenCancelledAndReportsProgress() {
        admin("CREATE TABLE many AS SELECT g AS id FROM generate_series(1, 20000) g", "ANALYZE many");
        PgReader.Relation relation = reader.relation(PgTableName.parse("many"));
        assertTrue(relation.estimatedRows() > 10_000, "reltuples as the estimate: " + relation.estimatedRows());
        List<Long> progress = new ArrayList<>();
        try (PgReader.Read read = reader.openTable(relation, 1000);
             TableAppender appender = session.appender("many", read.columns())) {
            CancellationException e = assertThrows(CancellationException.class,
                    () -> read.copyTo(appender, () -> progress.size() >= 2, progress::add));
            assertTrue(e.getMessage().contains("cancelled after " + 3 * PgReader.CHECK_EVERY + " rows"), e.getMessage());
        }
        assertEquals(List.of((long) PgReader.CHECK_EVERY, 2L * PgReader.CHECK_EVERY), progress);
    }

    @Test
    void aWrongPasswordIsRefusedWithoutShowingIt() {
        String role = "reader_" + Long.toHexString(System.nanoTime());
        requirePassword(role, "right-password");
        String location = "postgresql://" + role + ":wrong-password@" + hostAndPort() + "/" + database.name();
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> PgSource.parse(location, null, null).connect(NO_SECRETS, 10));
        assertEquals("PostgreSQL at " + hostAndPort() + "/" + database.name() + " refused user '" + role
                + "': password authentication failed", e.getMessage());

        // the right password from a secret works; a wrong one from a secret is never shown
        PgSource fromSecret = PgSource.parse(location.replace("wrong-password", "${secret:pg}"), null, null);
        try (Connection c = fromSecret.connect(s -> s.replace("${secret:pg}", "right-password"), 10)) {
            assertTrue(c.isReadOnly());
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        InvalidRequestException hidden = assertThrows(InvalidRequestException.class,
                () -> fromSecret.connect(s -> s.replace("${secret:pg}", "my-wrong-secret"), 10));
        assertFalse(hidden.getMessage().contains("my-wrong-secret"), hidden.getMessage());
        assertTrue(hidden.getMessage().contains("password authentication failed"), hidden.getMessage());
    }

    @Test
    void theWholeLocationMayBeASecret() throws SQLException {
        PgSource secret = PgSource.parse("${secret:pg_url}", database.user(), database.password());
        assertEquals("${secret:pg_url}", secret.server());
        try (Connection c = secret.connect(s -> s.replace("${secret:pg_url}", database.url()), 10)) {
            assertTrue(c.isReadOnly());
        }
        InvalidRequestException garbage = assertThrows(InvalidRequestException.class,
                () -> secret.connect(s -> s.replace("${secret:pg_url}", "mysql://root:toor@internal/x"), 10));
        assertEquals("the secret ${secret:pg_url} does not hold a PostgreSQL location "
                + "(jdbc:postgresql://host:5432/database or postgresql://user@host:5432/database)", garbage.getMessage());
        InvalidRequestException noDatabase = assertThrows(InvalidRequestException.class, () -> secret.connect(
                s -> s.replace("${secret:pg_url}", "jdbc:postgresql://" + hostAndPort() + "/no_such_db_here"), 10));
        assertEquals("cannot connect to PostgreSQL at ${secret:pg_url}: database (in ${secret:pg_url}) does not exist",
                noDatabase.getMessage());
    }

    @Test
    void anUnreachablePortOrAMissingDatabaseIsNamed() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String server = "127.0.0.1:" + port + "/shop";
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> PgSource.parse("jdbc:postgresql://" + server, "u", "p4ssw0rd").connect(NO_SECRETS, 5));
        assertTrue(refused.getMessage().startsWith("cannot connect to PostgreSQL at " + server + ": "), refused.getMessage());
        assertTrue(refused.getMessage().contains("refused"), refused.getMessage());
        assertFalse(refused.getMessage().contains("p4ssw0rd"));

        InvalidRequestException noDatabase = assertThrows(InvalidRequestException.class,
                () -> PgSource.parse("jdbc:postgresql://" + hostAndPort() + "/no_such_db", database.user(),
                        database.password()).connect(NO_SECRETS, 5));
        assertEquals("cannot connect to PostgreSQL at " + hostAndPort() + "/no_such_db: database \"no_such_db\" does not exist",
                noDatabase.getMessage());
    }

    @Test
    void measuresTheRate() {
        admin("CREATE TABLE bench AS SELECT g AS id, 'customer ' || g AS name, (g * 1.01)::numeric(12,2) AS amount, "
                + "g / 7.0::float8 AS score, DATE '2024-01-01' + (g % 1000) AS day, "
                + "TIMESTAMP '2024-01-01' + g * INTERVAL '37 seconds' AS at FROM generate_series(1, 200000) g",
                "VACUUM ANALYZE bench");
        long start = System.nanoTime();
        copyTable("bench");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(200_000L, session.query("SELECT count(*) FROM bench").single());
        System.out.printf("PostgreSQL -> engine: 200,000 rows x 6 columns in %.2f s = %,.0f rows/s%n", seconds,
                200_000 / seconds);
    }

    private static String hostAndPort() {
        String url = database.url();
        String rest = url.substring("jdbc:postgresql://".length());
        return rest.substring(0, rest.indexOf('/'));
    }

    /**
     * Creates a login role with a password and makes sure the server checks it: where the test server
     * trusts every local login (as the fixture's servers do), a rule asking this role for its password is
     * put first into pg_hba.conf and the configuration reloaded.
     */
    private static void requirePassword(String role, String password) {
        admin("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'",
                "GRANT CONNECT ON DATABASE " + database.name() + " TO " + role);
        if (refusesWrongPassword(role)) {
            return;
        }
        String hbaFile = query("SELECT current_setting('hba_file')");
        admin("CREATE TEMP TABLE hba AS SELECT pg_read_file(current_setting('hba_file')) AS content; "
                + "COPY (SELECT replace(line, E'\\t', ' ') FROM unnest(string_to_array("
                + "'host all " + role + " 127.0.0.1/32 scram-sha-256' || E'\\n' || "
                + "'host all " + role + " ::1/128 scram-sha-256' || E'\\n' || "
                + "(SELECT content FROM hba), E'\\n')) AS line) TO '" + hbaFile.replace("'", "''") + "'",
                "SELECT pg_reload_conf()");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!refusesWrongPassword(role)) {
            if (System.nanoTime() > deadline) {
                Assumptions.abort("cannot make the test server check passwords");
            }
            try {
                Thread.sleep(50); // waiting for the postmaster to reload pg_hba.conf: no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean refusesWrongPassword(String role) {
        Properties p = new Properties();
        p.setProperty("user", role);
        p.setProperty("password", "certainly-not-it");
        try (Connection c = new org.postgresql.Driver().connect(database.url(), p)) {
            return false;
        } catch (SQLException e) {
            return "28P01".equals(e.getSQLState());
        }
    }

    private static String query(String sql) {
        Properties p = new Properties();
        if (database.user() != null) {
            p.setProperty("user", database.user());
        }
        if (database.password() != null) {
            p.setProperty("password", database.password());
        }
        try (Connection c = new org.postgresql.Driver().connect(database.url(), p); Statement s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Test
    void noRowsStillGivesTheColumns() {
        admin("CREATE TABLE empty_one (a int4 NOT NULL, b text)");
        copyTable("empty_one");
        assertEquals(0L, session.query("SELECT count(*) FROM empty_one").single());
        assertNull(session.query("SELECT max(b) FROM empty_one").single());
    }
}

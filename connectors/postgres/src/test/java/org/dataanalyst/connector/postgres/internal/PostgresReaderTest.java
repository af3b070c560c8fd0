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
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.function.UnaryOperator;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.engine.EngineException;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** Reads a whole table through COPY's CSV into a new engine table of the given name; returns the engine columns. */
    private List<Column> copyThroughCsv(String table, String engineTable) throws IOException {
        return copyThroughCsv(reader.table(reader.relation(PgTableName.parse(table))), engineTable);
    }

    private List<Column> copyThroughCsv(PgReader.Source source, String engineTable) throws IOException {
        PgReader.Shape shape = reader.describe(source);
        assertNull(shape.notCopyable(), "COPY can carry every column");
        Path file = Files.createDirectories(root.resolve("ws").resolve("scratch")).resolve(engineTable + ".csv");
        PgReader.CsvExport export = reader.copyToCsv(source, shape, file, () -> false, n -> { });
        session.execute("CREATE TABLE " + engineTable + " AS SELECT * FROM " + PgReader.scanSql(shape, export));
        return shape.columns();
    }

    /** One column of the every-type table: how it is declared and filled, and what the engine must hold. */
    private record TypeCase(String name, String pgType, String literal, Column engine, String readBack, Object expected) {
        boolean isArray() {
            return pgType.endsWith("[]");
        }
    }

    private static final List<TypeCase> EVERY_TYPE = List.of(
            new TypeCase("id", "int8 NOT NULL PRIMARY KEY", "1", new Column("id", "BIGINT", false), "id", 1L),
            new TypeCase("i2", "int2", "-32768", new Column("i2", "SMALLINT", true), "i2", -32768L),
            new TypeCase("i4", "int4", "2147483647", new Column("i4", "INTEGER", true), "i4", 2147483647L),
            new TypeCase("dom", "positive", "7", new Column("dom", "INTEGER", true), "dom", 7L),
            new TypeCase("num", "numeric(12,2)", "1234.56", new Column("num", "DECIMAL(12,2)", true), "num",
                    new BigDecimal("1234.56")),
            new TypeCase("num_free", "numeric", "1.5", new Column("num_free", "DOUBLE", true), "num_free", 1.5),
            new TypeCase("num_big", "numeric(50,5)", "12345678901234567890123456789012345678901234.12345",
                    new Column("num_big", "DOUBLE", true), "num_big",
                    new BigDecimal("12345678901234567890123456789012345678901234.12345").doubleValue()),
            new TypeCase("f4", "float4", "1.25", new Column("f4", "FLOAT", true), "f4", 1.25),
            new TypeCase("f8", "float8", "2.5", new Column("f8", "DOUBLE", true), "f8", 2.5),
            new TypeCase("t", "text", "'ünïcödé'", new Column("t", "VARCHAR", true), "t", "ünïcödé"),
            new TypeCase("vc", "varchar(20)", "'varying'", new Column("vc", "VARCHAR", true), "vc", "varying"),
            new TypeCase("ch", "char(3)", "'ab'", new Column("ch", "VARCHAR", true), "ch", "ab "),
            new TypeCase("nm", "name", "'nm'", new Column("nm", "VARCHAR", true), "nm", "nm"),
            new TypeCase("b", "bool", "true", new Column("b", "BOOLEAN", true), "b", true),
            new TypeCase("d", "date", "'2024-02-29'", new Column("d", "DATE", true), "d", LocalDate.of(2024, 2, 29)),
            new TypeCase("tm", "time", "'13:14:15.123456'", new Column("tm", "TIME", true), "tm",
                    LocalTime.of(13, 14, 15, 123_456_000)),
            new TypeCase("ts", "timestamp", "'2024-03-31 02:30:00.5'", new Column("ts", "TIMESTAMP", true), "ts",
                    LocalDateTime.of(2024, 3, 31, 2, 30, 0, 500_000_000)),
            new TypeCase("tstz", "timestamptz", "'2024-01-01 10:00:00+02'",
                    new Column("tstz", "TIMESTAMP WITH TIME ZONE", true), "epoch_us(tstz)",
                    Instant.parse("2024-01-01T08:00:00Z").toEpochMilli() * 1000),
            new TypeCase("js", "json", "'{\"a\": [1, 2]}'", new Column("js", "JSON", true), "js::VARCHAR", "{\"a\": [1, 2]}"),
            new TypeCase("jsb", "jsonb", "'{\"b\":  1}'", new Column("jsb", "JSON", true), "jsb::VARCHAR", "{\"b\": 1}"),
            new TypeCase("u", "uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", new Column("u", "UUID", true), "u::VARCHAR",
                    "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
            new TypeCase("bin", "bytea", "'\\x00ff'", new Column("bin", "BLOB", true), "bin::VARCHAR", "\\x00\\xFF"),
            new TypeCase("ai", "int4[]", "'{1,NULL,3}'", new Column("ai", "INTEGER[]", true), "ai::VARCHAR", "[1, NULL, 3]"),
            new TypeCase("atext", "text[]", "'{a,\"b,c\",NULL}'", new Column("atext", "VARCHAR[]", true), "atext::VARCHAR",
                    "[a, 'b,c', NULL]"),
            new TypeCase("ats", "timestamptz[]", "'{\"2000-01-01 00:00:00+00\"}'",
                    new Column("ats", "TIMESTAMP WITH TIME ZONE[]", true), "[epoch_us(x) for x in ats]::VARCHAR",
                    "[946684800000000]"),
            new TypeCase("an", "numeric(6,1)[]", "'{1.5,NULL}'", new Column("an", "DECIMAL(6,1)[]", true), "an::VARCHAR",
                    "[1.5, NULL]"),
            new TypeCase("iv", "interval", "'1 day 02:00:00'", new Column("iv", "VARCHAR", true), "iv", "1 day 02:00:00"),
            new TypeCase("feeling", "mood", "'happy'", new Column("feeling", "VARCHAR", true), "feeling", "happy"),
            new TypeCase("cash", "money", "12.5", new Column("cash", "VARCHAR", true), "cash LIKE '%12.50%'", true),
            new TypeCase("ip", "inet", "'10.0.0.1/8'", new Column("ip", "VARCHAR", true), "ip", "10.0.0.1/8"),
            new TypeCase("pt", "point", "'(1,2)'", new Column("pt", "VARCHAR", true), "pt", "(1,2)"),
            new TypeCase("rng", "int4range", "'[1,5)'", new Column("rng", "VARCHAR", true), "rng", "[1,5)"));

    /**
     * Every mapped type through both ways of reading: through JDBC (the appender) and through COPY's CSV
     * (the engine's CSV reader). Arrays cannot travel as CSV: the COPY table leaves them out.
     */
    @ParameterizedTest(name = "through {0}")
    @ValueSource(strings = {"JDBC", "COPY"})
    void everyMappedTypeRoundTripsWithItsValue(String path) throws IOException {
        boolean copy = path.equals("COPY");
        List<TypeCase> cases = EVERY_TYPE.stream().filter(c -> !copy || !c.isArray()).toList();
        admin("CREATE TYPE mood AS ENUM ('sad', 'happy')",
                "CREATE DOMAIN positive AS int4 CHECK (VALUE > 0)",
                "CREATE TABLE every_type (" + String.join(", ", cases.stream().map(c -> c.name() + " " + c.pgType()).toList())
                        + ")",
                "INSERT INTO every_type VALUES (" + String.join(", ", cases.stream().map(TypeCase::literal).toList()) + ")",
                "INSERT INTO every_type (id) VALUES (2)");

        List<Column> columns = copy ? copyThroughCsv("public.every_type", "every_type") : copyTable("public.every_type");

        assertEquals(cases.stream().map(TypeCase::engine).toList(), columns);
        QueryResult r = session.query("SELECT " + String.join(", ", cases.stream().map(TypeCase::readBack).toList())
                + " FROM every_type ORDER BY id");
        assertEquals(cases.stream().map(TypeCase::expected).toList(), r.rows().get(0));
        List<Object> nulls = r.rows().get(1);
        assertEquals(2L, nulls.get(0));
        assertTrue(nulls.subList(1, nulls.size()).stream().allMatch(v -> v == null), nulls.toString());
    }

    /** The rows of an engine table as Java values, in {@code id} order. */
    private List<List<Object>> engineRows(String table) {
        return session.query("SELECT * FROM " + table + " ORDER BY id").rows();
    }

    @Test
    void copyKeepsNullsApartFromEmptyStringsAndAwkwardText() throws IOException {
        admin("CREATE TABLE texts (id int4 NOT NULL, t text, j json, bin bytea, v varchar(5))",
                "INSERT INTO texts VALUES (1, NULL, NULL, NULL, NULL), (2, '', 'null', '', ''), (3, ',', '[]', '\\x2c', ' '), "
                        + "(4, '\"', '\"\"', '\\x22', '\"\"'), (5, E'a,b \"c\"\\nd\\r\\ne\\r', '{\"k\": \"v,\\\"w\\\"\"}', "
                        + "'\\x0a0d', E'\\n'), (6, '\\N', '{}', '\\x5c4e', 'NULL'), (7, E'back\\\\slash\\ttab', '1', NULL, '\\\\'), "
                        + "(8, '  padded  ', '\"x\"', '\\x', 'ü😀'), (9, repeat(E'long,\"quoted\"\\n', 1000), NULL, NULL, '')");
        List<Column> columns = copyThroughCsv("texts", "by_copy");
        assertEquals(List.of(new Column("id", "INTEGER", false), new Column("t", "VARCHAR", true),
                new Column("j", "JSON", true), new Column("bin", "BLOB", true), new Column("v", "VARCHAR", true)), columns);
        copyTable("public.texts", "by_jdbc");
        assertEquals(engineRows("by_jdbc").toString(), engineRows("by_copy").toString());

        List<List<Object>> rows = session.query("SELECT t, t IS NULL, j::VARCHAR, bin::VARCHAR, v FROM by_copy ORDER BY id").rows();
        assertEquals(Arrays.asList(null, true, null, null, null), rows.get(0));
        assertEquals(List.of("", false, "null", "", ""), rows.get(1), "an empty string is not NULL");
        assertEquals(List.of(",", false, "[]", ",", " "), rows.get(2));
        assertEquals(List.of("\"", false, "\"\"", "\\x22", "\"\""), rows.get(3));
        assertEquals(List.of("a,b \"c\"\nd\r\ne\r", false, "{\"k\": \"v,\\\"w\\\"\"}", "\\x0A\\x0D", "\n"), rows.get(4));
        assertEquals(List.of("\\N", false, "{}", "\\x5CN", "NULL"), rows.get(5), "NULL-like text stays text");
        assertEquals(List.of("back\\slash\ttab", false, "1"), rows.get(6).subList(0, 3));
        assertEquals(List.of("  padded  ", false, "\"x\"", "", "ü😀"), rows.get(7));
        assertEquals("long,\"quoted\"\n".repeat(1000), rows.get(8).get(0));
    }

    @Test
    void timestampsWithTimeZoneAreTheSameInstantsWhateverTheSessionZone() throws Exception {
        admin("CREATE TABLE moments (id int4, tz timestamptz, ts timestamp, d date, tm time)",
                "SET TimeZone = 'America/New_York'; INSERT INTO moments VALUES "
                        + "(1, '2024-01-01 10:00:00+05:30', '2024-01-01 10:00:00', '2024-01-01', '00:00:00'), "
                        + "(2, '2024-07-01 00:00:00.000001-07', '1999-12-31 23:59:59.999999', '1999-12-31', '23:59:59.999999'), "
                        + "(3, '1900-01-01 00:00:00+01', '1900-01-01 00:00:00', '1900-01-01', '24:00:00'), "
                        + "(4, '0044-03-15 10:00:00.5+00 BC', '0044-03-15 10:00:00.5 BC', '0044-03-15 BC', '12:00'), "
                        + "(5, 'infinity', '-infinity', 'infinity', NULL), (6, '-infinity', 'infinity', '-infinity', NULL), "
                        + "(7, NULL, NULL, NULL, NULL), (8, '10000-01-01 00:00:00+00', '10000-01-01 00:00:00', '10000-01-01', '01:02')");
        // the reader's session has a zone far from UTC (and from the zone the rows were written in)
        try (Statement s = connection.createStatement()) {
            s.execute("SET TimeZone = 'Asia/Kolkata'");
        }
        connection.commit();
        copyThroughCsv("moments", "by_copy");
        copyTable("public.moments", "by_jdbc");
        String select = "SELECT id, epoch_us(tz), tz::VARCHAR, epoch_us(ts), d::VARCHAR, tm::VARCHAR FROM ";
        assertEquals(session.query(select + "by_jdbc ORDER BY id").rows(), session.query(select + "by_copy ORDER BY id").rows());
        List<List<Object>> rows = session.query("SELECT epoch_us(tz), epoch_us(ts), d::VARCHAR, tm::VARCHAR FROM by_copy ORDER BY id")
                .rows();
        assertEquals(List.of(Instant.parse("2024-01-01T04:30:00Z").toEpochMilli() * 1000,
                Instant.parse("2024-01-01T10:00:00Z").toEpochMilli() * 1000, "2024-01-01", "00:00:00"), rows.get(0));
        assertEquals(Instant.parse("2024-07-01T07:00:00.000001Z").toEpochMilli() * 1000 + 1, rows.get(1).get(0));
        assertEquals("23:59:59.999999", rows.get(2).get(3), "24:00 is the last microsecond of the day, as through JDBC");
        // 44 BC is the year -43
        assertEquals(List.of(-63517787999500000L, -63517787999500000L), rows.get(3).subList(0, 2));
        assertEquals(-63517824000000000L, session.query("SELECT epoch_us(d::TIMESTAMP) FROM by_copy WHERE id = 4").single());
        // 45 BC (the year -44) is a leap year: the engine's own parser would drop the BC
        admin("CREATE TABLE leap (id int4, d date, ts timestamp)", "INSERT INTO leap VALUES (1, '0045-02-29 BC', "
                + "'0045-02-29 23:59:59.999999 BC'), (2, '0045-02-28', '0045-02-28 12:00:00')");
        copyThroughCsv("leap", "leap");
        assertEquals(List.of(List.of(-44L, 2L, 29L, 23L), List.of(45L, 2L, 28L, 12L)), session.query(
                "SELECT year(d), month(d), day(d), hour(ts) FROM leap ORDER BY id").rows());
        assertEquals(List.of("infinity", "-infinity", "infinity"), session.query(
                "SELECT tz::VARCHAR, ts::VARCHAR, d::VARCHAR FROM by_copy WHERE id = 5").rows().get(0));
    }

    @Test
    void numbersKeepTheirPrecisionThroughCopy() throws IOException {
        admin("CREATE TABLE numbers (id int4, d38 numeric(38,10), d18 numeric(18,6), d2 numeric(12,2), d0 numeric(5), "
                        + "free numeric, f8 float8, f4 float4, i8 int8)",
                "INSERT INTO numbers VALUES (1, 1234567890123456789012345678.0123456789, -123456789012.123456, 0.01, 99999, "
                        + "1234567890123456789012345678901234567890.5, 1.7976931348623157e308, 3.4028235e38, 9223372036854775807), "
                        + "(2, -0.0000000001, 0.000001, -0.00, -99999, 1e-20, 5e-324, 1.4e-45, -9223372036854775808), "
                        + "(3, 0, 0, 0, 0, 'NaN', 'NaN', 'NaN', 0), (4, NULL, NULL, NULL, NULL, 'Infinity', '-Infinity', 'Infinity', NULL), "
                        + "(5, 0.1, 0.1, 0.1, 1, 0.1, 0.1, 0.1, 1)");
        copyThroughCsv("numbers", "by_copy");
        copyTable("public.numbers", "by_jdbc");
        assertEquals(engineRows("by_jdbc"), engineRows("by_copy"));
        assertEquals(List.of(1L, new BigDecimal("1234567890123456789012345678.0123456789"), new BigDecimal("-123456789012.123456"),
                new BigDecimal("0.01"), new BigDecimal("99999"), new BigDecimal("1234567890123456789012345678901234567890.5")
                        .doubleValue(), Double.MAX_VALUE, Long.MAX_VALUE), session.query("SELECT * EXCLUDE (f4) FROM by_copy "
                        + "ORDER BY id").rows().get(0));
        assertEquals(List.of(2L, new BigDecimal("-0.0000000001"), new BigDecimal("0.000001"), new BigDecimal("0.00"),
                new BigDecimal("-99999"), 1e-20, Double.MIN_VALUE, Long.MIN_VALUE),
                session.query("SELECT * EXCLUDE (f4) FROM by_copy ORDER BY id").rows().get(1));
        assertEquals(List.of(true, true), session.query("SELECT bool_or(f4 = 3.4028235e38::FLOAT), bool_or(f4 = 1.4e-45::FLOAT) "
                + "FROM by_copy").rows().get(0));
        assertEquals(List.of("nan", "nan", "nan", "inf", "-inf", "inf"), session.query(
                "SELECT lower(free::VARCHAR), lower(f8::VARCHAR), lower(f4::VARCHAR) FROM by_copy WHERE id IN (3, 4) ORDER BY id")
                .rows().stream().flatMap(List::stream).toList());
        assertEquals(List.of(0.1, true), session.query("SELECT f8, f4 = 0.1::FLOAT FROM by_copy WHERE id = 5").rows().get(0));
    }

    @Test
    void aNaNInADecimalIsNamedThroughCopy() throws IOException {
        admin("CREATE TABLE nan_edge (id int4, n numeric(5,2))", "INSERT INTO nan_edge VALUES (1, 1.5), (2, 'NaN')");
        PgReader.Source table = reader.table(reader.relation(PgTableName.parse("nan_edge")));
        PgReader.Shape shape = reader.describe(table);
        PgReader.CsvExport export = reader.copyToCsv(table, shape, Files.createDirectories(root.resolve("ws/scratch"))
                .resolve("nan.csv"), () -> false, n -> { });
        assertEquals(2, export.rows());
        EngineException e = assertThrows(EngineException.class,
                () -> session.execute("CREATE TABLE nan_edge AS SELECT * FROM " + PgReader.scanSql(shape, export)));
        assertEquals("reading table public.nan_edge from PostgreSQL at " + source.server()
                + " failed, column 'n', row 2: the value NaN cannot be stored as DECIMAL(5,2)",
                reader.scanFailure(table, shape, e).getMessage());
    }

    @Test
    void aQueryGoesThroughCopyAndCannotWrite() throws IOException {
        admin("CREATE TABLE orders (id int4 NOT NULL, amount numeric(10,2) NOT NULL, doc bytea)",
                "INSERT INTO orders SELECT g, g * 1.5, decode(lpad(to_hex(g), 2, '0'), 'hex') FROM generate_series(1, 10) g",
                "CREATE TABLE keep (id int4)", "INSERT INTO keep VALUES (1), (2)");
        // a repeated name and a comment that would swallow COPY's closing parenthesis
        List<Column> columns = copyThroughCsv(reader.query("SELECT id, amount, amount * 2 AS doubled, id AS \"ID\" FROM orders "
                + "WHERE id > 5 ORDER BY id -- the big ones"), "q");
        assertEquals(List.of(new Column("id", "INTEGER", true), new Column("amount", "DECIMAL(10,2)", true),
                new Column("doubled", "DOUBLE", true), new Column("ID_2", "INTEGER", true)), columns);
        assertEquals(List.of(List.of(6L, new BigDecimal("9.00"), 18.0, 6L)),
                session.query("SELECT * FROM q ORDER BY id LIMIT 1").rows());

        copyThroughCsv(reader.query("SELECT doc, id FROM orders WHERE id IN (1, 10) ORDER BY id"), "docs");
        assertEquals(List.of("\\x01", "\\x0A"), session.query("SELECT doc::VARCHAR FROM docs ORDER BY id").rows().stream()
                .map(r -> r.get(0)).toList());
        assertTrue(reader.describe(reader.query("SELECT doc, doc FROM orders")).notCopyable().contains("repeats a column name"));

        PgReader.Source write = reader.query("WITH gone AS (DELETE FROM keep RETURNING *) SELECT * FROM gone");
        PgReader.Shape shape = reader.describe(write);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> reader.copyToCsv(write, shape,
                root.resolve("ws/scratch/write.csv"), () -> false, n -> { }));
        assertTrue(e.getMessage().contains("read-only transaction") && e.getMessage().contains("at " + source.server()),
                e.getMessage());
        assertEquals(2L, Long.valueOf(query("SELECT count(*) FROM keep")));
    }

    @Test
    void aRowLongerThanTheEnginesDefaultLineLimitIsRead() throws IOException {
        admin("CREATE TABLE big_text (id int4, t text)",
                "INSERT INTO big_text VALUES (1, repeat('x,', 1500000)), (2, 'short')");
        copyThroughCsv("big_text", "big_text");
        assertEquals(List.of(List.of(3_000_000L), List.of(5L)),
                session.query("SELECT length(t) FROM big_text ORDER BY id").rows());
    }

    @Test
    void aLargeTableIsReadInTwoPartsAtOnceInItsBlockOrder() throws IOException, SQLException {
        admin("CREATE TABLE big (id int4 NOT NULL, amount numeric(12,2), ts timestamptz, note text, doc bytea)",
                "INSERT INTO big SELECT (g * 7919) % 30011, g * 1.25, TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1 min', "
                        + "CASE WHEN g % 10 = 0 THEN NULL WHEN g % 10 = 1 THEN '' ELSE 'row ' || g || E', \"quoted\"\nline' END, "
                        + "CASE WHEN g % 7 = 0 THEN NULL ELSE decode(lpad(to_hex(g), 8, '0'), 'hex') END "
                        + "FROM generate_series(1, 30000) g");
        List<List<Object>> order = new ArrayList<>();
        for (String id : query("SELECT string_agg(id::text, ',') FROM big").split(",")) {
            order.add(List.of(Long.parseLong(id)));
        }
        try (EngineSession ordered = engine.open(root.resolve("ws"), new Engine.SessionOptions(List.of(), true))) {
            List<List<Object>> rows = null;
            for (boolean parts : List.of(false, true)) {
                reader.parallelFrom(parts ? 2 : Long.MAX_VALUE);
                PgReader.Source table = reader.table(reader.relation(PgTableName.parse("big")));
                PgReader.Shape shape = reader.describe(table);
                Path file = Files.createDirectories(root.resolve("ws/scratch")).resolve("big-" + parts + ".csv");
                PgReader.CsvExport export = reader.copyToCsv(table, shape, file,
                        () -> source.connect(NO_SECRETS, 10), () -> false, n -> { });
                assertEquals(parts ? 2 : 1, export.files().size());
                assertEquals(30_000, export.rows());
                String engineTable = "big_" + parts;
                ordered.execute("CREATE TABLE " + engineTable + " AS SELECT * FROM " + PgReader.scanSql(shape, export));
                assertEquals(order, ordered.query("SELECT id FROM " + engineTable).rows(), "the table's order");
                List<List<Object>> these = ordered.query("SELECT id, amount, epoch_us(ts), note, doc::VARCHAR FROM "
                        + engineTable + " ORDER BY id").rows();
                if (rows != null) {
                    assertEquals(rows, these, "one part and two parts read the same rows");
                }
                rows = these;
            }
            assertEquals(List.of(new BigDecimal("2.50"), "row 2, \"quoted\"\nline", "\\x00\\x00\\x00\\x02"),
                    ordered.query("SELECT amount, note, doc::VARCHAR FROM big_true WHERE id = 15838").rows().get(0));
            assertEquals(List.of(""), ordered.query("SELECT note FROM big_true WHERE id = 7919").rows().get(0));
        }

        // cancelled: both parts stop, the second connection is closed
        reader.parallelFrom(2);
        PgReader.Source table = reader.table(reader.relation(PgTableName.parse("big")));
        PgReader.Shape shape = reader.describe(table);
        List<Connection> others = new ArrayList<>();
        CancellationException e = assertThrows(CancellationException.class, () -> reader.copyToCsv(table, shape,
                root.resolve("ws/scratch/cancelled.csv"), () -> {
                    Connection c = source.connect(NO_SECRETS, 10);
                    others.add(c);
                    return c;
                }, () -> true, n -> { }));
        assertTrue(e.getMessage().contains("was cancelled after"), e.getMessage());
        assertEquals(1, others.size());
        assertTrue(others.get(0).isClosed(), "the second connection is closed");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("postgres-copy-part-2")),
                "the second part's thread has ended");
    }

    @Test
    void arraysAreReadThroughJdbc() {
        admin("CREATE TABLE tagged (id int4, tags text[], odd interval[])");
        PgReader.Shape shape = reader.describe(reader.table(reader.relation(PgTableName.parse("tagged"))));
        assertEquals("column 'tags' is an array (VARCHAR[])", shape.notCopyable());
        assertEquals(PgTypes.CsvForm.AS_IS, shape.forms().get(2), "arrays of unmapped types are text, as through JDBC");
    }

    @Test
    void copyStopsWhenCancelled() throws SQLException {
        admin("CREATE TABLE many AS SELECT g AS id FROM generate_series(1, 20000) g");
        PgReader.Source source = reader.table(reader.relation(PgTableName.parse("many")));
        PgReader.Shape shape = reader.describe(source);
        List<Long> progress = new ArrayList<>();
        CancellationException e = assertThrows(CancellationException.class, () -> reader.copyToCsv(source, shape,
                Files.createDirectories(root.resolve("ws/scratch")).resolve("many.csv"), () -> progress.size() >= 2,
                progress::add));
        assertTrue(e.getMessage().contains("cancelled after " + 3 * PgReader.CHECK_EVERY + " rows"), e.getMessage());
        assertEquals(List.of((long) PgReader.CHECK_EVERY, 2L * PgReader.CHECK_EVERY), progress);
        assertTrue(connection.isClosed(), "closing the connection ended the COPY on the server");
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
    void measuresTheRate() throws IOException {
        admin("CREATE TABLE bench AS SELECT g AS id, 'customer ' || g AS name, (g * 1.01)::numeric(12,2) AS amount, "
                + "g / 7.0::float8 AS score, DATE '2024-01-01' + (g % 1000) AS day, "
                + "TIMESTAMP '2024-01-01' + g * INTERVAL '37 seconds' AS at FROM generate_series(1, 200000) g",
                "VACUUM ANALYZE bench");
        long start = System.nanoTime();
        copyTable("bench");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(200_000L, session.query("SELECT count(*) FROM bench").single());
        System.out.printf("PostgreSQL -> engine through JDBC: 200,000 rows x 6 columns in %.2f s = %,.0f rows/s%n", seconds,
                200_000 / seconds);
        start = System.nanoTime();
        copyThroughCsv("bench", "bench_copy");
        seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(200_000L, session.query("SELECT count(*) FROM bench_copy").single());
        System.out.printf("PostgreSQL -> engine through COPY: 200,000 rows x 6 columns in %.2f s = %,.0f rows/s%n", seconds,
                200_000 / seconds);
        start = System.nanoTime();
        reader.parallelFrom(2);
        PgReader.Source table = reader.table(reader.relation(PgTableName.parse("bench")));
        PgReader.Shape shape = reader.describe(table);
        PgReader.CsvExport export = reader.copyToCsv(table, shape, root.resolve("ws/scratch/bench-parts.csv"),
                () -> source.connect(NO_SECRETS, 10), () -> false, n -> { });
        session.execute("CREATE TABLE bench_parts AS SELECT * FROM " + PgReader.scanSql(shape, export));
        seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(2, export.files().size());
        assertEquals(200_000L, session.query("SELECT count(*) FROM bench_parts").single());
        System.out.printf("PostgreSQL -> engine through COPY in two parts: 200,000 rows x 6 columns in %.2f s = %,.0f rows/s%n",
                seconds, 200_000 / seconds);
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

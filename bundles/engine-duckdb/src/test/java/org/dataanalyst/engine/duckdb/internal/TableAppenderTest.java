package org.dataanalyst.engine.duckdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.api.engine.TableAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code EngineSession.appender}: every documented type goes in and comes back with its value. */
class TableAppenderTest {

    @TempDir
    Path root;

    private DuckDbEngine engine;
    private EngineSession session;

    @BeforeEach
    void setUp() throws Exception {
        engine = new DuckDbEngine("1GB", 2, root.resolve("tmp"), "4GB");
        session = engine.open(Files.createDirectories(root.resolve("ws")));
    }

    @AfterEach
    void tearDown() {
        session.close();
        engine.close();
    }

    private static Column col(String name, String type) {
        return new Column(name, type, true);
    }

    @Test
    void appendsEveryDocumentedTypeAndReadsItBack() {
        UUID uuid = UUID.fromString("1b4e28ba-2fa1-11d2-883f-0016d3cca427");
        List<Column> columns = List.of(col("b", "BOOLEAN"), col("ti", "TINYINT"), col("si", "SMALLINT"),
                col("i", "INTEGER"), col("bi", "BIGINT"), col("h", "HUGEINT"), col("d38", "DECIMAL(38,10)"),
                col("d12", "DECIMAL(12,2)"), col("f", "FLOAT"), col("db", "DOUBLE"), col("weird \"name\" ü", "VARCHAR"),
                col("j", "JSON"), col("bl", "BLOB"), col("dt", "DATE"), col("tm", "TIME"), col("ts", "TIMESTAMP"),
                col("tz", "TIMESTAMP WITH TIME ZONE"), col("u", "UUID"), col("vs", "VARCHAR[]"), col("bs", "BIGINT[]"));
        try (TableAppender appender = session.appender("every_type", columns)) {
            appender.append(true, (byte) 7, (short) -300, 70_000, 5_000_000_000L,
                    new BigInteger("170141183460469231731687303715884105727"),
                    new BigDecimal("1234567890123456789012345678.0123456789"), new BigDecimal("1234.56"), 1.5f, 2.25,
                    "ünïcödé 'quoted'", "{\"a\": [1, 2]}", new byte[] {0, 1, (byte) 0xff},
                    LocalDate.of(2024, 2, 29), LocalTime.of(23, 59, 58, 123_456_000),
                    LocalDateTime.of(1969, 7, 20, 20, 17, 40, 1000), OffsetDateTime.parse("2024-03-31T02:30:00+02:00"),
                    uuid, List.of("a", "b,c"), List.of(1L, -2L));
            // integral Numbers of any width, Instant for TIMESTAMP WITH TIME ZONE, nulls inside lists
            appender.append(false, 1, 2L, (short) 3, 4, 5L, 6, BigDecimal.valueOf(7), Double.valueOf(0.5), 3.5f, "",
                    "null", new byte[0], LocalDate.of(1, 1, 1), LocalTime.MIDNIGHT, LocalDateTime.of(2262, 4, 11, 23, 47, 16),
                    Instant.parse("2000-01-01T00:00:00.000001Z"), new UUID(0, 0), Arrays.asList("x", null),
                    Arrays.asList(null, 9, (short) 8));
            appender.append(new Object[columns.size()]); // every column NULL
            assertEquals(3, appender.rowCount());
        }

        QueryResult r = session.query("SELECT * EXCLUDE (bl, u, vs, bs, tz), bl::VARCHAR, u::VARCHAR, vs::VARCHAR, "
                + "bs::VARCHAR, epoch_us(tz), typeof(d38), typeof(tz), typeof(vs), typeof(bs) FROM every_type ORDER BY rowid");
        List<Object> first = r.rows().get(0);
        assertEquals(List.of(true, 7L, -300L, 70_000L, 5_000_000_000L,
                new BigDecimal("170141183460469231731687303715884105727"),
                new BigDecimal("1234567890123456789012345678.0123456789"), new BigDecimal("1234.56"), 1.5, 2.25,
                "ünïcödé 'quoted'", "{\"a\": [1, 2]}", LocalDate.of(2024, 2, 29), LocalTime.of(23, 59, 58, 123_456_000),
                LocalDateTime.of(1969, 7, 20, 20, 17, 40, 1000), "\\x00\\x01\\xFF", uuid.toString(), "[a, 'b,c']", "[1, -2]",
                Instant.parse("2024-03-31T00:30:00Z").toEpochMilli() * 1000, "DECIMAL(38,10)", "TIMESTAMP WITH TIME ZONE",
                "VARCHAR[]", "BIGINT[]"), first);
        assertEquals("weird \"name\" ü", r.columns().get(10).name());

        List<Object> second = r.rows().get(1);
        assertEquals(List.of(false, 1L, 2L, 3L, 4L, new BigDecimal("5"), new BigDecimal("6.0000000000"),
                new BigDecimal("7.00"), 0.5, 3.5, "", "null", LocalDate.of(1, 1, 1), LocalTime.MIDNIGHT,
                LocalDateTime.of(2262, 4, 11, 23, 47, 16), "", "00000000-0000-0000-0000-000000000000", "[x, NULL]",
                "[NULL, 9, 8]", 946_684_800_000_001L), second.subList(0, 20));

        List<Object> third = r.rows().get(2);
        assertTrue(third.subList(0, 20).stream().allMatch(v -> v == null), third.toString());
    }

    @Test
    void writesInfiniteDatesAndTimestampsAsInfinity() {
        try (TableAppender appender = session.appender("inf", List.of(col("d", "DATE"), col("ts", "TIMESTAMP"),
                col("tz", "TIMESTAMPTZ")))) {
            appender.append(LocalDate.MAX, LocalDateTime.MAX, OffsetDateTime.MAX);
            appender.append(LocalDate.MIN, LocalDateTime.MIN, Instant.MIN);
        }
        assertEquals(List.of(List.of("infinity", "infinity", "infinity"), List.of("-infinity", "-infinity", "-infinity")),
                session.query("SELECT d::VARCHAR, ts::VARCHAR, tz::VARCHAR FROM inf ORDER BY rowid").rows());
    }

    @Test
    void namesTheColumnAndRowOfAValueThatDoesNotFitAndKeepsTheRowsBefore() {
        try (TableAppender appender = session.appender("events", List.of(new Column("id", "BIGINT", false),
                col("at", "TIMESTAMP"), col("amount", "DECIMAL(6,2)"), col("n", "SMALLINT")))) {
            appender.append(1L, LocalDateTime.of(2024, 1, 1, 0, 0), new BigDecimal("1.5"), 1);
            EngineException wrongClass = assertThrows(EngineException.class,
                    () -> appender.append(2L, "2024-01-01 00:00:00", null, null));
            assertEquals("Column 'at', row 2: a String does not fit TIMESTAMP (expected a LocalDateTime)",
                    wrongClass.getMessage());
            EngineException scale = assertThrows(EngineException.class,
                    () -> appender.append(2L, null, new BigDecimal("1.005"), null));
            assertTrue(scale.getMessage().startsWith("Column 'amount', row 2: the value 1.005 has more than 2 decimal places"),
                    scale.getMessage());
            EngineException precision = assertThrows(EngineException.class,
                    () -> appender.append(2L, null, new BigDecimal("12345.6"), null));
            assertTrue(precision.getMessage().contains("more than 4 digits before the decimal point"), precision.getMessage());
            EngineException range = assertThrows(EngineException.class, () -> appender.append(2L, null, null, 40_000));
            assertTrue(range.getMessage().startsWith("Column 'n', row 2: the value 40000 is out of the range of SMALLINT"),
                    range.getMessage());
            EngineException notNull = assertThrows(EngineException.class, () -> appender.append(null, null, null, null));
            assertEquals("Column 'id', row 2: NULL in a column declared NOT NULL", notNull.getMessage());
            EngineException width = assertThrows(EngineException.class, () -> appender.append(2L, null));
            assertTrue(width.getMessage().contains("has 2 values for the 4 columns"), width.getMessage());
            EngineException fraction = assertThrows(EngineException.class, () -> appender.append(2.5, null, null, null));
            assertTrue(fraction.getMessage().contains("a Double does not fit BIGINT"), fraction.getMessage());
            EngineException list = assertThrows(EngineException.class, () -> appender.append(List.of(1), null, null, null));
            assertTrue(list.getMessage().contains("does not fit BIGINT"), list.getMessage());

            appender.append(2L, null, new BigDecimal("-9999.99"), (short) -1);
            assertEquals(2, appender.rowCount());
        }
        assertEquals(List.of(List.of(1L, new BigDecimal("1.50")), List.of(2L, new BigDecimal("-9999.99"))),
                session.query("SELECT id, amount FROM events ORDER BY id").rows());
        assertEquals(false, session.query("SELECT is_nullable FROM duckdb_columns() WHERE table_name = 'events' "
                + "AND column_name = 'id'").single());
    }

    @Test
    void namesTheElementOfAListThatDoesNotFit() {
        try (TableAppender appender = session.appender("lists", List.of(col("xs", "INTEGER[]")))) {
            EngineException e = assertThrows(EngineException.class, () -> appender.append(List.of(1, "two")));
            assertEquals("Column 'xs', row 1: element 2: a String does not fit INTEGER (expected an integral Number)",
                    e.getMessage());
            appender.append(List.of(1));
        }
        assertEquals("[1]", session.query("SELECT xs::VARCHAR FROM lists").single());
    }

    @Test
    void refusesBadTableNamesTypesAndExistingTables() {
        List<Column> one = List.of(col("a", "INTEGER"));
        for (String name : List.of("x; DROP TABLE y", "1abc", "a-b", "\"q\"", "")) {
            EngineException e = assertThrows(EngineException.class, () -> session.appender(name, one), name);
            assertTrue(e.getMessage().contains("is not a plain table name"), e.getMessage());
        }
        EngineException injected = assertThrows(EngineException.class,
                () -> session.appender("t", List.of(col("a", "INTEGER); DROP TABLE x; --"))));
        assertTrue(injected.getMessage().contains("is not an engine type"), injected.getMessage());
        EngineException unknown = assertThrows(EngineException.class,
                () -> session.appender("t", List.of(col("a", "NOSUCHTYPE"))));
        assertFalse(unknown.getMessage().isBlank());

        EngineException unsupported = assertThrows(EngineException.class,
                () -> session.appender("t", List.of(col("a", "INTEGER"), col("span", "INTERVAL"))));
        assertTrue(unsupported.getMessage().startsWith("Column 'span': the appender does not support the type INTERVAL"),
                unsupported.getMessage());
        assertEquals(0L, session.query("SELECT count(*) FROM duckdb_tables() WHERE table_name = 't'").single(),
                "the table of a refused appender is dropped");

        session.appender("t", one).close();
        EngineException exists = assertThrows(EngineException.class, () -> session.appender("t", one));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
    }

    @Test
    void closingTwiceDoesNothingAndAppendingAfterCloseFails() {
        TableAppender appender = session.appender("c", List.of(col("a", "VARCHAR")));
        appender.append("x");
        appender.close();
        appender.close();
        assertThrows(EngineException.class, () -> appender.append("y"));
        assertEquals(1L, session.query("SELECT count(*) FROM c").single());
        assertNull(session.query("SELECT max(a) FROM c WHERE a = 'y'").single());
    }

    /** Not an assertion: prints the appender's rate on this machine (1M rows × 6 columns). */
    @Test
    void measuresTheAppenderRate() {
        int n = 1_000_000;
        List<Column> columns = List.of(col("id", "BIGINT"), col("name", "VARCHAR"), col("amount", "DECIMAL(12,2)"),
                col("score", "DOUBLE"), col("day", "DATE"), col("at", "TIMESTAMP"));
        List<Object[]> rows = new ArrayList<>(1000);
        for (int i = 0; i < 1000; i++) {
            rows.add(new Object[] {null, "customer " + i, BigDecimal.valueOf(i * 101L, 2), i / 7.0,
                    LocalDate.of(2024, 1, 1).plusDays(i), LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i * 37L)});
        }
        for (String table : List.of("warm_up", "bench")) { // the first round includes the JIT's warm-up
            long start = System.nanoTime();
            try (TableAppender appender = session.appender(table, columns)) {
                for (int i = 0; i < n; i++) {
                    Object[] row = rows.get(i % 1000);
                    appender.append((long) i, row[1], row[2], row[3], row[4], row[5]);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals((long) n, session.query("SELECT count(*) FROM " + table).single());
            System.out.printf("TableAppender (%s): %,d rows x 6 columns in %.2f s = %,.0f rows/s%n", table, n, seconds,
                    n / seconds);
        }
    }
}

package org.dataanalyst.connector.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.engine.duckdb.internal.DuckDbEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SqliteCsv}: every engine type written as CSV comes back from the engine's CSV reader as the same value. */
class SqliteCsvTest {

    @TempDir
    Path root;

    private DuckDbEngine engine;
    private EngineSession session;
    private Path scratch;

    @BeforeEach
    void setUp() throws Exception {
        engine = new DuckDbEngine("1GB", 2, root.resolve("tmp"), "4GB");
        session = engine.open(Files.createDirectories(root.resolve("ws")));
        scratch = Files.createDirectories(root.resolve("ws/scratch"));
    }

    @AfterEach
    void tearDown() {
        session.close();
        engine.close();
    }

    /** Writes the rows, loads them into an engine table and returns the engine's rows in order. */
    private List<List<Object>> roundTrip(String table, List<Column> columns, List<Object[]> rows, String select) throws Exception {
        SqliteCsv csv = new SqliteCsv(scratch.resolve(table + ".csv"), columns);
        try (csv) {
            for (Object[] row : rows) {
                csv.append(row);
            }
        }
        assertEquals(rows.size(), csv.rows());
        session.execute("CREATE TABLE " + table + " AS SELECT row_number() OVER () AS n, * FROM " + csv.scanSql());
        return session.query("SELECT " + select + " FROM " + table + " ORDER BY n").rows();
    }

    @Test
    void doublesComeBackBitForBit() throws Exception {
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.30000000000000004, 21.44, 651.8,
                1e-7, 123456.789, 99999999.99999999, 1e15, 1e15 + 0.5, 9007199254740993.0, 1e300, -1e-300,
                Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                3.4480911654302325e1, 0.005, 1.0000000000000002, 4.35, 2.675, 1e9 - 0.001, 1e9 + 0.1));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            values.add(switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> Math.round(random.nextDouble() * 1e6) / 100.0;
                case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(-10, 12));
                default -> (double) random.nextInt(-1000, 1000) / random.nextInt(1, 1000);
            });
        }
        values.removeIf(d -> Double.isNaN(d)); // SQLite stores no NaN
        List<Object[]> rows = values.stream().map(d -> new Object[] {d}).toList();
        List<List<Object>> back = roundTrip("doubles", List.of(new Column("d", "DOUBLE", true)), rows, "d");
        for (int i = 0; i < values.size(); i++) {
            assertEquals(Double.doubleToLongBits(values.get(i)), Double.doubleToLongBits((Double) back.get(i).get(0)),
                    "value " + i + ": " + values.get(i));
        }
    }

    @Test
    void everyTypeComesBackWithItsValue() throws Exception {
        List<Column> columns = List.of(new Column("i", "BIGINT", true), new Column("dec", "DECIMAL(38,10)", true),
                new Column("t", "VARCHAR", true), new Column("b", "BLOB", true), new Column("ok", "BOOLEAN", true),
                new Column("d", "DATE", true), new Column("ts", "TIMESTAMP", true), new Column("tm", "TIME", true),
                new Column("odd \"name\", 'quoted'", "VARCHAR", true));
        List<Object[]> rows = List.of(
                new Object[] {Long.MAX_VALUE, new BigDecimal("1234567890123456789012345678.0123456789"), "plain",
                        new byte[] {0, 1, (byte) 0xFF}, true, LocalDate.of(2024, 2, 29),
                        LocalDateTime.of(2024, 3, 31, 2, 30, 0, 123_456_789), LocalTime.of(23, 59, 59, 999_999_000), "x"},
                new Object[] {Long.MIN_VALUE, new BigDecimal("-0.0000000001"), "", new byte[0], false, LocalDate.of(-43, 3, 15),
                        LocalDateTime.of(-43, 3, 15, 10, 0), LocalTime.MIDNIGHT, ""},
                new Object[] {0L, BigDecimal.ZERO.setScale(10), "a,b \"c\"\nd\r\ne ü 😀 \\N", new byte[] {'"', ',', '\n'}, null,
                        LocalDate.of(10000, 1, 1), LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
                        LocalTime.of(0, 0, 0, 1000), "\"\""},
                new Object[] {null, null, null, null, null, null, null, null, null},
                new Object[] {-1L, new BigDecimal("1.5000000000"), "x".repeat(3_000_000), new byte[70_000], true,
                        LocalDate.of(1, 1, 1), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000), LocalTime.NOON, "NULL"});
        List<List<Object>> back = roundTrip("every_type", columns, rows,
                "i, dec, t, b::VARCHAR, ok, d::VARCHAR, epoch_us(ts), tm, \"odd \"\"name\"\", 'quoted'\", length(t), octet_length(b)");
        assertEquals(List.of(Long.MAX_VALUE, new BigDecimal("1234567890123456789012345678.0123456789"), "plain",
                "\\x00\\x01\\xFF", true, "2024-02-29", LocalDateTime.of(2024, 3, 31, 2, 30, 0, 123_456_000)
                        .toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000 + 123_456, LocalTime.of(23, 59, 59, 999_999_000),
                "x", 5L, 3L), back.get(0));
        assertEquals(List.of(Long.MIN_VALUE, new BigDecimal("-0.0000000001"), "", "", false, "0044-03-15 (BC)",
                LocalDateTime.of(-43, 3, 15, 10, 0).toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000, LocalTime.MIDNIGHT, "",
                0L, 0L), back.get(1));
        assertEquals(Arrays.asList(0L, new BigDecimal("0E-10"), "a,b \"c\"\nd\r\ne ü 😀 \\N", "\\x22,\\x0A", null, "10000-01-01",
                -1L, LocalTime.of(0, 0, 0, 1000), "\"\""), back.get(2).subList(0, 9));
        assertEquals(Arrays.asList(null, null, null, null, null, null, null, null, null, null, null), back.get(3));
        assertEquals(List.of(3_000_000L, 70_000L, "NULL"), List.of(back.get(4).get(9), back.get(4).get(10),
                back.get(4).get(8)));
    }

    @Test
    void aTimestampBeyondTheEnginesRangeIsNamed() throws Exception {
        try (SqliteCsv csv = new SqliteCsv(scratch.resolve("far.csv"), List.of(new Column("ts", "TIMESTAMP", true)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> csv.append(new Object[] {LocalDateTime.of(999_999_999, 1, 1, 0, 0)}));
            assertEquals("the value +999999999-01-01T00:00 is out of the range of TIMESTAMP", e.getMessage());
        }
    }
}

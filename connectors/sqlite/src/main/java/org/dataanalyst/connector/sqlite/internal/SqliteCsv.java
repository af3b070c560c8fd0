package org.dataanalyst.connector.sqlite.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

import org.dataanalyst.api.Column;

/**
 * Rows of engine-typed values (as {@link SqliteTypes} reads them) written to a CSV file that the engine's
 * CSV reader then loads with the columns' types ({@link #scanSql}). Handing rows over this way costs the
 * engine far less than its appender, whose every string is a native call.
 *
 * <p>Encoding: NULL is an unquoted empty field, text is always quoted ({@code ""} inside), so an empty string
 * is {@code ""}; numbers in a decimal form that reads back as the same value; dates, times and timestamps as
 * integers (days, microseconds) that the scan turns back into the types; blobs as hex (an empty one {@code ""}).
 */
final class SqliteCsv implements Closeable {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** DuckDB's default {@code max_line_size}; longer rows need the option. */
    private static final long DEFAULT_MAX_LINE = 2_097_152;
    private static final double[] POWERS = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};

    /** How a column's values are written and read back. */
    private enum Kind {
        INTEGER, DOUBLE, DECIMAL, TEXT, BLOB, BOOLEAN, DATE, TIMESTAMP, TIME
    }

    private final Path file;
    private final List<Column> columns;
    private final Kind[] kinds;
    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private long flushed;
    private long rows;
    private long longestRow;

    /**
     * @param file    a new file
     * @param columns the columns' engine types as {@link SqliteTypes#engineType} or
     *                {@link SqliteTypes#checkEngineType} give them
     */
    SqliteCsv(Path file, List<Column> columns) throws IOException {
        this.file = file;
        this.columns = List.copyOf(columns);
        this.kinds = new Kind[columns.size()];
        for (int i = 0; i < kinds.length; i++) {
            String type = columns.get(i).type();
            kinds[i] = switch (type) {
                case "BIGINT" -> Kind.INTEGER;
                case "DOUBLE" -> Kind.DOUBLE;
                case "VARCHAR" -> Kind.TEXT;
                case "BLOB" -> Kind.BLOB;
                case "BOOLEAN" -> Kind.BOOLEAN;
                case "DATE" -> Kind.DATE;
                case "TIMESTAMP" -> Kind.TIMESTAMP;
                case "TIME" -> Kind.TIME;
                default -> {
                    if (type.startsWith("DECIMAL(")) {
                        yield Kind.DECIMAL;
                    }
                    throw new IllegalArgumentException("no CSV form for " + type);
                }
            };
        }
        this.out = Files.newOutputStream(file);
    }

    /** @return the number of rows written */
    long rows() {
        return rows;
    }

    /**
     * Writes one row.
     *
     * @param values per column the value {@link SqliteTypes} read, or {@code null}
     * @throws IllegalArgumentException when a date-time is beyond the engine's range (naming the value)
     */
    void append(Object[] values) throws IOException {
        long start = flushed + position;
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            Object v = values[i];
            if (v == null) {
                continue;
            }
            switch (kinds[i]) {
                case INTEGER -> putLong((Long) v);
                case DOUBLE -> putDouble((Double) v);
                case DECIMAL -> putAscii(((BigDecimal) v).toPlainString());
                case TEXT -> {
                    if (v instanceof SqliteTypes.Utf8 text) {
                        putUtf8(text);
                    } else {
                        putText((String) v);
                    }
                }
                case BLOB -> putHex((byte[]) v);
                case BOOLEAN -> putAscii((Boolean) v ? "true" : "false");
                case DATE -> putLong(((LocalDate) v).toEpochDay());
                case TIMESTAMP -> putLong(micros((LocalDateTime) v));
                case TIME -> putLong(((LocalTime) v).toNanoOfDay() / 1000);
                default -> throw new IllegalStateException();
            }
        }
        put((byte) '\n');
        rows++;
        longestRow = Math.max(longestRow, flushed + position - start);
    }

    private static long micros(LocalDateTime t) {
        try {
            return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L), t.getNano() / 1000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the value " + t + " is out of the range of TIMESTAMP");
        }
    }

    @Override
    public void close() throws IOException {
        try (out) {
            flush();
        }
    }

    /**
     * What a copy into CSV files wrote.
     *
     * @param rows  the rows written
     * @param parts the files, in row order
     */
    record Written(long rows, List<SqliteCsv> parts) {
        /** @return the files, in row order */
        List<Path> files() {
            return parts.stream().map(p -> p.file).toList();
        }

        /** @return the engine's scan of all the files, in order (see {@link SqliteCsv#scanSql()}) */
        String scanSql() {
            return parts.get(0).scanSql(parts);
        }
    }

    /**
     * The engine's scan of the closed file: {@code read_csv} with the columns' types (no detection), the
     * encoding above turned back into the engine types.
     *
     * @return an expression usable after {@code SELECT * FROM}
     */
    String scanSql() {
        return scanSql(List.of(this));
    }

    /** The scan of several closed files with the same columns, one after the other. */
    private String scanSql(List<SqliteCsv> parts) {
        StringBuilder types = new StringBuilder();
        StringBuilder select = new StringBuilder();
        boolean converted = false;
        for (int i = 0; i < kinds.length; i++) {
            Column c = columns.get(i);
            String name = '"' + c.name().replace("\"", "\"\"") + '"';
            String readAs = switch (kinds[i]) {
                case BLOB -> "VARCHAR";
                case DATE -> "INTEGER";
                case TIMESTAMP, TIME -> "BIGINT";
                default -> c.type();
            };
            types.append(i == 0 ? "" : ", ").append(literal(c.name())).append(": ").append(literal(readAs));
            String expression = switch (kinds[i]) {
                case BLOB -> "unhex(" + name + ")";
                case DATE -> "CAST(DATE '1970-01-01' + " + name + " AS DATE)";
                case TIMESTAMP -> "make_timestamp(" + name + ")";
                case TIME -> "TIME '00:00:00' + to_microseconds(" + name + ")";
                default -> null;
            };
            select.append(i == 0 ? "" : ", ").append(expression == null ? name : expression + " AS " + name);
            converted |= expression != null;
        }
        long longestRow = parts.stream().mapToLong(p -> p.longestRow).max().orElse(0);
        StringBuilder files = new StringBuilder();
        for (SqliteCsv part : parts) {
            files.append(files.length() == 0 ? "" : ", ").append(literal(part.file.toString()));
        }
        StringBuilder scan = new StringBuilder("read_csv(")
                .append(parts.size() == 1 ? files : "[" + files + "]").append(", columns = {")
                .append(types).append("}, header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
                        + "nullstr = '', allow_quoted_nulls = false");
        if (longestRow + 2 > DEFAULT_MAX_LINE) {
            long max = longestRow + 1024;
            scan.append(", max_line_size = ").append(max).append(", buffer_size = ").append(Math.max(32L << 20, 2 * max));
        }
        scan.append(')');
        return converted ? "(SELECT " + select + " FROM " + scan + ")" : scan.toString();
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    // ------------------------------------------------------------------ writing bytes

    private void put(byte b) throws IOException {
        if (position == buffer.length) {
            flush();
        }
        buffer[position++] = b;
    }

    private void flush() throws IOException {
        out.write(buffer, 0, position);
        flushed += position;
        position = 0;
    }

    private void room(int n) throws IOException {
        if (position + n > buffer.length) {
            flush();
        }
    }

    private void putAscii(String s) throws IOException {
        int n = s.length();
        room(n);
        if (n > buffer.length) {
            out.write(s.getBytes(StandardCharsets.US_ASCII));
            flushed += n;
            return;
        }
        for (int i = 0; i < n; i++) {
            buffer[position++] = (byte) s.charAt(i);
        }
    }

    private void putLong(long v) throws IOException {
        if (v == Long.MIN_VALUE) {
            putAscii(Long.toString(v));
            return;
        }
        room(20);
        if (v < 0) {
            buffer[position++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = position + digits;
        for (int i = end - 1; i >= position; i--) {
            buffer[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        position = end;
    }

    /**
     * A double in a decimal form that reads back as exactly the same double: the shortest of up to 8
     * decimals when one does (parsing is correctly rounded, and so is the division checked here), else
     * {@link Double#toString}.
     */
    private void putDouble(double d) throws IOException {
        if (d == 0) {
            putAscii(1 / d < 0 ? "-0.0" : "0");
            return;
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            putLong((long) d);
            return;
        }
        if (Math.abs(d) < 1e9) {
            for (int k = 1; k < POWERS.length; k++) {
                long scaled = Math.round(d * POWERS[k]);
                if (Math.abs(scaled) < 1L << 53 && scaled / POWERS[k] == d) {
                    putScaled(scaled, k);
                    return;
                }
            }
        }
        putAscii(Double.toString(d));
    }

    /** Writes {@code scaled / 10^k} in decimal, e.g. (-1234, 2) as {@code -12.34}. */
    private void putScaled(long scaled, int k) throws IOException {
        room(32);
        if (scaled < 0) {
            buffer[position++] = '-';
            scaled = -scaled;
        }
        long whole = scaled / (long) POWERS[k];
        long fraction = scaled % (long) POWERS[k];
        putLong(whole);
        buffer[position++] = '.';
        for (int i = position + k - 1; i >= position; i--) {
            buffer[i] = (byte) ('0' + (fraction % 10));
            fraction /= 10;
        }
        position += k;
    }

    /** Text, always quoted; a quote inside is doubled. */
    private void putText(String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int quotes = 0;
        for (byte b : bytes) {
            if (b == '"') {
                quotes++;
            }
        }
        int n = bytes.length + quotes + 2;
        if (n > buffer.length) {
            flush();
            byte[] whole = new byte[n];
            int p = 0;
            whole[p++] = '"';
            for (byte b : bytes) {
                whole[p++] = b;
                if (b == '"') {
                    whole[p++] = '"';
                }
            }
            whole[p] = '"';
            out.write(whole);
            flushed += n;
            return;
        }
        room(n);
        buffer[position++] = '"';
        if (quotes == 0) {
            System.arraycopy(bytes, 0, buffer, position, bytes.length);
            position += bytes.length;
        } else {
            for (byte b : bytes) {
                buffer[position++] = b;
                if (b == '"') {
                    buffer[position++] = '"';
                }
            }
        }
        buffer[position++] = '"';
    }

    /** Text still in its UTF-8 bytes: copied as it is when ASCII, else decoded and encoded like a String. */
    private void putUtf8(SqliteTypes.Utf8 text) throws IOException {
        byte[] b = text.bytes;
        int end = text.offset + text.length;
        int quotes = 0;
        for (int i = text.offset; i < end; i++) {
            byte c = b[i];
            if (c < 0) {
                putText(text.toString()); // possibly malformed: decoded as the driver would
                return;
            }
            if (c == '"') {
                quotes++;
            }
        }
        int n = text.length + quotes + 2;
        if (n > buffer.length) {
            putText(text.toString());
            return;
        }
        room(n);
        buffer[position++] = '"';
        if (quotes == 0) {
            System.arraycopy(b, text.offset, buffer, position, text.length);
            position += text.length;
        } else {
            for (int i = text.offset; i < end; i++) {
                buffer[position++] = b[i];
                if (b[i] == '"') {
                    buffer[position++] = '"';
                }
            }
        }
        buffer[position++] = '"';
    }

    private void putHex(byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            putAscii("\"\""); // quoted: an unquoted empty field is NULL
            return;
        }
        int n = 2 * bytes.length;
        if (n > buffer.length) {
            flush();
            byte[] whole = new byte[n];
            for (int i = 0; i < bytes.length; i++) {
                whole[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
                whole[2 * i + 1] = HEX[bytes[i] & 0xF];
            }
            out.write(whole);
            flushed += n;
            return;
        }
        room(n);
        for (byte b : bytes) {
            buffer[position++] = HEX[(b >> 4) & 0xF];
            buffer[position++] = HEX[b & 0xF];
        }
    }
}

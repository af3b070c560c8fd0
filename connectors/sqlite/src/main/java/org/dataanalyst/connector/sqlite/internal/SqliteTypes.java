package org.dataanalyst.connector.sqlite.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLite's declared column types as engine types, and the reading of SQLite's dynamically typed values
 * into them. SQLite stores each value as INTEGER, REAL, TEXT, BLOB or NULL whatever the column declares;
 * a value that cannot be read as its column's engine type is a {@link Mismatch}.
 *
 * <p>Declared type → engine type, checked in this order (the affinity rules of
 * https://sqlite.org/datatype3.html §3.1, with the date, boolean and decimal names first):
 * <pre>
 * (none)                                  VARCHAR
 * BOOLEAN, BOOL                           BOOLEAN
 * DATE                                    DATE
 * DATETIME…, TIMESTAMP…                   TIMESTAMP
 * TIME                                    TIME
 * NUMERIC(p,s), DECIMAL(p,s), p ≤ 38      DECIMAL(p,s)
 * NUMERIC, DECIMAL (other)                DOUBLE
 * contains INT                            BIGINT
 * contains CHAR, CLOB or TEXT             VARCHAR
 * contains BLOB                           BLOB
 * contains REAL, FLOA or DOUB             DOUBLE
 * anything else (e.g. STRING, JSON)       VARCHAR (SQLite would give NUMERIC affinity; text is the safe reading)
 * </pre>
 */
final class SqliteTypes {

    /** The engine types a column can be read as (also the values option {@code types} accepts). */
    static final String ENGINE_TYPES = "BIGINT, DOUBLE, DECIMAL(p,s), VARCHAR, BLOB, BOOLEAN, DATE, TIME, TIMESTAMP";

    private static final Pattern DECIMAL = Pattern.compile("(?:NUMERIC|DECIMAL)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");
    private static final Pattern ENGINE_DECIMAL = Pattern.compile("DECIMAL\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    private static final Pattern TIME = Pattern.compile("(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?");
    private static final double UNIX_EPOCH_JULIAN_DAY = 2440587.5;

    private SqliteTypes() {
    }

    /** A value that does not fit its column's engine type; the message describes value and type. */
    static final class Mismatch extends Exception {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The current row of a result, value by value as SQLite stores them (columns 0-based): a storage class
     * and the value in it. Read either through SQLite's driver or straight from the file ({@link SqlitePages}).
     */
    interface Row {
        /** Storage classes, as SQLite's {@code sqlite3_column_type} numbers them. */
        int INTEGER = 1;
        int REAL = 2;
        int TEXT = 3;
        int BLOB = 4;
        int NULL = 5;

        /** @return the value's storage class: {@link #INTEGER}, {@link #REAL}, {@link #TEXT}, {@link #BLOB}, {@link #NULL} */
        int type(int column) throws SQLException;

        /** @return the value of an {@link #INTEGER} */
        long integer(int column) throws SQLException;

        /** @return the value of a {@link #REAL} */
        double real(int column) throws SQLException;

        /** @return the value of a {@link #TEXT} */
        String text(int column) throws SQLException;

        /** @return the value of a {@link #BLOB} */
        byte[] blob(int column) throws SQLException;

        /**
         * @return the value of a {@link #TEXT} for a VARCHAR column: a {@code String}, or a {@link Utf8} still in
         *         the row's bytes, valid until the row moves on
         */
        default Object varchar(int column) throws SQLException {
            return text(column);
        }

        /** @return the value as a {@code Long}, {@code Double}, {@code String}, {@code byte[]} or {@code null} */
        default Object value(int column) throws SQLException {
            return switch (type(column)) {
                case INTEGER -> Long.valueOf(integer(column));
                case REAL -> Double.valueOf(real(column));
                case TEXT -> text(column);
                case BLOB -> blob(column);
                default -> null;
            };
        }
    }

    /**
     * Text still in its UTF-8 bytes (in a page of the file), not yet decoded: written to a CSV file as it is
     * when it is ASCII; {@link #toString} decodes it (malformed bytes become U+FFFD, as through the driver).
     */
    static final class Utf8 {
        final byte[] bytes;
        final int offset;
        final int length;

        Utf8(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public String toString() {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
    }

    /** Reads one value of a column (0-based) as the class the engine's appender takes for its type. */
    @FunctionalInterface
    interface Reader {
        Object read(Row row, int column) throws SQLException, Mismatch;
    }

    /** How integers in DATE/TIME/TIMESTAMP columns count time since 1970-01-01 UTC. */
    enum UnixTime {
        SECONDS, MILLISECONDS
    }

    /**
     * @param declared the declared type, {@code null} or empty for none
     * @return the engine type
     */
    static String engineType(String declared) {
        String t = declared == null ? "" : declared.strip().toUpperCase(Locale.ROOT);
        if (t.isEmpty()) {
            return "VARCHAR";
        }
        if (t.equals("BOOLEAN") || t.equals("BOOL")) {
            return "BOOLEAN";
        }
        if (t.equals("DATE")) {
            return "DATE";
        }
        if (t.startsWith("DATETIME") || t.startsWith("TIMESTAMP")) {
            return "TIMESTAMP";
        }
        if (t.equals("TIME")) {
            return "TIME";
        }
        Matcher decimal = DECIMAL.matcher(t);
        if (decimal.matches()) {
            int p = Integer.parseInt(decimal.group(1));
            int s = decimal.group(2) == null ? 0 : Integer.parseInt(decimal.group(2));
            return p >= 1 && p <= 38 && s <= p ? "DECIMAL(" + p + "," + s + ")" : "DOUBLE";
        }
        if (t.startsWith("NUMERIC") || t.startsWith("DECIMAL")) {
            return "DOUBLE";
        }
        if (t.contains("INT")) {
            return "BIGINT";
        }
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
            return "VARCHAR";
        }
        if (t.contains("BLOB")) {
            return "BLOB";
        }
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) {
            return "DOUBLE";
        }
        return "VARCHAR";
    }

    /**
     * The engine type named in option {@code types}, normalized.
     *
     * @throws IllegalArgumentException when the engine type is not one a column can be read as
     */
    static String checkEngineType(String type) {
        String t = type == null ? "" : type.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        switch (t) {
            case "BIGINT", "DOUBLE", "VARCHAR", "BLOB", "BOOLEAN", "DATE", "TIME", "TIMESTAMP":
                return t;
            default:
                Matcher m = ENGINE_DECIMAL.matcher(t);
                if (m.matches()) {
                    int p = Integer.parseInt(m.group(1));
                    int s = Integer.parseInt(m.group(2));
                    if (p >= 1 && p <= 38 && s <= p) {
                        return "DECIMAL(" + p + "," + s + ")";
                    }
                }
                throw new IllegalArgumentException("'" + type + "' is not a type a column can be read as; use one of "
                        + ENGINE_TYPES + " (p ≤ 38)");
        }
    }

    /**
     * The reader for an engine type returned by {@link #engineType} or {@link #checkEngineType}. The usual
     * storage class of a type is read directly; any other goes through the same rules as a whole value.
     */
    static Reader reader(String engineType, UnixTime unixTime) {
        Matcher decimal = ENGINE_DECIMAL.matcher(engineType);
        if (decimal.matches()) {
            int p = Integer.parseInt(decimal.group(1));
            int s = Integer.parseInt(decimal.group(2));
            return (row, i) -> decimal(row.value(i), p, s, engineType);
        }
        return switch (engineType) {
            case "BIGINT" -> (row, i) -> switch (row.type(i)) {
                case Row.INTEGER -> Long.valueOf(row.integer(i));
                case Row.NULL -> null;
                default -> bigint(row.value(i));
            };
            case "DOUBLE" -> (row, i) -> switch (row.type(i)) {
                case Row.REAL -> Double.valueOf(row.real(i));
                case Row.INTEGER -> Double.valueOf(row.integer(i));
                case Row.NULL -> null;
                default -> doubleValue(row.value(i));
            };
            case "VARCHAR" -> (row, i) -> switch (row.type(i)) {
                case Row.TEXT -> row.varchar(i);
                case Row.NULL -> null;
                default -> varchar(row.value(i));
            };
            case "BLOB" -> (row, i) -> switch (row.type(i)) {
                case Row.BLOB -> row.blob(i);
                case Row.NULL -> null;
                default -> blob(row.value(i));
            };
            case "BOOLEAN" -> (row, i) -> bool(row.value(i));
            case "DATE" -> (row, i) -> {
                Object v = row.value(i);
                return v == null ? null : timestamp(v, unixTime, "DATE").toLocalDate();
            };
            case "TIMESTAMP" -> (row, i) -> {
                Object v = row.value(i);
                return v == null ? null : timestamp(v, unixTime, "TIMESTAMP");
            };
            case "TIME" -> (row, i) -> time(row.value(i));
            default -> throw new IllegalArgumentException("no reader for " + engineType);
        };
    }

    /**
     * Whether SQLite gives a declared type REAL affinity (https://sqlite.org/datatype3.html §3.1): then an
     * integral real that SQLite stored as an integer reads as a real.
     */
    static boolean realAffinity(String declared) {
        String t = declared == null ? "" : declared.toUpperCase(Locale.ROOT);
        if (t.contains("INT") || t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") || t.contains("BLOB")
                || t.isBlank()) {
            return false;
        }
        return t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB");
    }

    static Object bigint(Object v) throws Mismatch {
        if (v == null || v instanceof Long) {
            return v;
        }
        if (v instanceof Integer n) {
            return n.longValue();
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            return d.longValue();
        }
        throw mismatch(v, "BIGINT");
    }

    static Object doubleValue(Object v) throws Mismatch {
        if (v == null || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof String s) {
            try {
                double d = Double.parseDouble(s.strip());
                if (!Double.isNaN(d) && looksNumeric(s)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // falls through to the mismatch
            }
        }
        throw mismatch(v, "DOUBLE");
    }

    static Object decimal(Object v, int precision, int scale, String type) throws Mismatch {
        if (v == null) {
            return null;
        }
        BigDecimal d;
        if (v instanceof Integer || v instanceof Long) {
            d = BigDecimal.valueOf(((Number) v).longValue());
        } else if (v instanceof Double x && Double.isFinite(x)) {
            d = BigDecimal.valueOf(x); // the shortest decimal that reads back as x
        } else if (v instanceof String s && looksNumeric(s)) {
            try {
                d = new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                throw mismatch(v, type);
            }
        } else {
            throw mismatch(v, type);
        }
        BigDecimal scaled = d.setScale(scale, RoundingMode.HALF_UP);
        if (scaled.precision() > precision) {
            throw new Mismatch(describe(v) + " has more than " + (precision - scale) + " digits before the decimal point for "
                    + type);
        }
        return scaled;
    }

    private static boolean looksNumeric(String s) {
        return s.strip().matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    }

    static Object varchar(Object v) throws Mismatch {
        if (v == null || v instanceof String) {
            return v;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Double) {
            return v.toString();
        }
        throw mismatch(v, "VARCHAR");
    }

    static Object blob(Object v) throws Mismatch {
        if (v == null || v instanceof byte[]) {
            return v;
        }
        if (v instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        throw mismatch(v, "BLOB");
    }

    static Object bool(Object v) throws Mismatch {
        if (v == null) {
            return null;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Double) {
            double d = ((Number) v).doubleValue();
            if (d == 0) {
                return false;
            }
            if (d == 1) {
                return true;
            }
        } else if (v instanceof String s) {
            switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "true", "t", "yes", "y", "1":
                    return true;
                case "false", "f", "no", "n", "0":
                    return false;
                default:
                    break;
            }
        }
        throw mismatch(v, "BOOLEAN");
    }

    /**
     * A date-time as SQLite's {@code datetime()} reads it, in UTC: ISO-8601 text ({@code YYYY-MM-DD},
     * {@code YYYY-MM-DD HH:MM[:SS[.fff]]}, {@code T} or a space between, an optional {@code Z} or offset,
     * which is converted to UTC), an integer as Unix time, a real as a Julian day number.
     */
    static LocalDateTime timestamp(Object v, UnixTime unixTime, String type) throws Mismatch {
        try {
            if (v instanceof String s) {
                LocalDateTime t = parseDateTime(s.strip());
                if (t != null) {
                    return t;
                }
            } else if (v instanceof Integer || v instanceof Long) {
                long n = ((Number) v).longValue();
                return unixTime == UnixTime.MILLISECONDS
                        ? LocalDateTime.ofEpochSecond(Math.floorDiv(n, 1000), (int) Math.floorMod(n, 1000) * 1_000_000, ZoneOffset.UTC)
                        : LocalDateTime.ofEpochSecond(n, 0, ZoneOffset.UTC);
            } else if (v instanceof Double julian && Double.isFinite(julian)) {
                long micros = Math.round((julian - UNIX_EPOCH_JULIAN_DAY) * 86_400_000_000d);
                return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000), (int) Math.floorMod(micros, 1_000_000) * 1000,
                        ZoneOffset.UTC);
            }
        } catch (DateTimeException | ArithmeticException e) {
            throw new Mismatch(describe(v) + " is not a valid " + type);
        }
        throw mismatch(v, type);
    }

    /**
     * Parses {@code YYYY-MM-DD[( |T)HH:MM[:SS[.fff…]]][Z|±HH[:MM]]} by hand (this runs once per value; a
     * regular expression costs several times more); an offset is converted to UTC.
     *
     * @return the date-time in UTC, or {@code null} when the text has another shape
     * @throws DateTimeException when a field is out of range (a month 13)
     */
    static LocalDateTime parseDateTime(String s) {
        int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        int i = 10;
        int hour = 0;
        int minute = 0;
        int second = 0;
        int nano = 0;
        if (i < n && (s.charAt(i) == 'T' || s.charAt(i) == ' ') && i + 6 <= n && s.charAt(i + 3) == ':') {
            hour = digits(s, i + 1, 2);
            minute = digits(s, i + 4, 2);
            if (hour < 0 || minute < 0) {
                return null;
            }
            i += 6;
            if (i + 3 <= n && s.charAt(i) == ':') {
                second = digits(s, i + 1, 2);
                if (second < 0) {
                    return null;
                }
                i += 3;
                if (i < n && s.charAt(i) == '.') {
                    int start = ++i;
                    while (i < n && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                    if (i == start) {
                        return null;
                    }
                    nano = nanos(s.substring(start, i));
                }
            }
        }
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second, nano);
        if (i == n) {
            return t;
        }
        String zone = s.substring(i);
        if (zone.equalsIgnoreCase("Z")) {
            return t;
        }
        if (!zone.matches("[+-]\\d{2}(:?\\d{2})?")) {
            return null;
        }
        String z = zone.length() == 3 ? zone + ":00" : zone.length() == 5 ? zone.substring(0, 3) + ":" + zone.substring(3) : zone;
        return t.atOffset(ZoneOffset.of(z)).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    /** The number written by {@code count} ASCII digits at {@code start}, or -1. */
    private static int digits(String s, int start, int count) {
        int v = 0;
        for (int i = start; i < start + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static Object time(Object v) throws Mismatch {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            Matcher m = TIME.matcher(s.strip());
            if (m.matches()) {
                try {
                    return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                            m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), nanos(m.group(4)));
                } catch (DateTimeException e) {
                    throw new Mismatch(describe(v) + " is not a valid TIME");
                }
            }
        }
        throw mismatch(v, "TIME");
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        String f = fraction.length() > 9 ? fraction.substring(0, 9) : fraction;
        return Integer.parseInt(f) * (int) Math.pow(10, 9 - f.length());
    }

    static Mismatch mismatch(Object v, String type) {
        return new Mismatch(describe(v) + " does not fit " + type);
    }

    /** The value and its SQLite storage class, e.g. {@code 'abc' (text)}; long text is shortened. */
    static String describe(Object v) {
        if (v instanceof String s) {
            String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
            return "'" + shown.replace("'", "''") + "' (text)";
        }
        if (v instanceof byte[] b) {
            return "a blob of " + b.length + " bytes";
        }
        if (v instanceof Double) {
            return v + " (real)";
        }
        return v + " (integer)";
    }

    /** The SQLite storage class of a value as {@code typeof()} names it. */
    static String storageClass(Object v) {
        return v == null ? "null" : v instanceof String ? "text" : v instanceof byte[] ? "blob"
                : v instanceof Double ? "real" : "integer";
    }

    /** An engine type for a query column without a declared type, from the storage classes its values have. */
    static String inferred(java.util.Set<String> classes) {
        java.util.Set<String> c = new java.util.HashSet<>(classes);
        c.remove("null");
        if (c.isEmpty()) {
            return "VARCHAR";
        }
        if (c.equals(java.util.Set.of("integer"))) {
            return "BIGINT";
        }
        if (c.equals(java.util.Set.of("real")) || c.equals(java.util.Set.of("integer", "real"))) {
            return "DOUBLE";
        }
        if (c.equals(java.util.Set.of("blob"))) {
            return "BLOB";
        }
        return "VARCHAR";
    }
}

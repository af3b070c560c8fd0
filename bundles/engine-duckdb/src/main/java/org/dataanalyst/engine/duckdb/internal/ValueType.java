package org.dataanalyst.engine.duckdb.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.duckdb.DuckDBAppender;

/**
 * One engine column type as the appender handles it: how a Java value is checked and normalized to the
 * exact class DuckDB's appender wants ({@link #normalize}), and how a normalized value is written
 * ({@link #write}). Chosen once per column from the type DuckDB reports for the created table, so no
 * per-value type dispatch on the column happens while appending.
 */
abstract class ValueType {

    /** DuckDB's epoch-day / epoch-microsecond values that mean +/- infinity. */
    static final int DATE_INFINITY = Integer.MAX_VALUE;
    static final long TIMESTAMP_INFINITY = Long.MAX_VALUE;

    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)");

    /** The engine types an appender column may have (lists of them too: {@code T[]}). */
    static final String SUPPORTED = "BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, HUGEINT, DECIMAL(p,s), FLOAT, "
            + "DOUBLE, VARCHAR, JSON, BLOB, DATE, TIME, TIMESTAMP, TIMESTAMP WITH TIME ZONE, UUID and lists of them (T[])";

    /** The type's name as DuckDB reports it, e.g. {@code DECIMAL(18,2)}. */
    final String name;

    ValueType(String name) {
        this.name = name;
    }

    /**
     * @param value not {@code null}
     * @return the value as the exact class the appender takes for this type
     * @throws IllegalArgumentException when the value does not fit; the message says what was expected
     */
    abstract Object normalize(Object value);

    /** Appends a value returned by {@link #normalize} as the appender's current column. */
    abstract void write(DuckDBAppender appender, Object normalized) throws SQLException;

    /**
     * The type for a column type name as DuckDB reports it in {@code duckdb_columns()}.
     *
     * @return the type, or {@code null} when the appender does not support it
     */
    static ValueType of(String duckdbType) {
        String t = duckdbType.strip().toUpperCase(Locale.ROOT);
        if (t.endsWith("[]")) {
            ValueType element = of(t.substring(0, t.length() - 2));
            return element == null ? null : new ListType(t, element);
        }
        Matcher decimal = DECIMAL.matcher(t.replace(" ", ""));
        if (decimal.matches()) {
            return new DecimalType(t, Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
        }
        return switch (t) {
            case "BOOLEAN" -> new BooleanType();
            case "TINYINT" -> new IntegralType(t, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case "SMALLINT" -> new IntegralType(t, Short.MIN_VALUE, Short.MAX_VALUE);
            case "INTEGER" -> new IntegralType(t, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "BIGINT" -> new IntegralType(t, Long.MIN_VALUE, Long.MAX_VALUE);
            case "HUGEINT" -> new HugeIntType();
            case "FLOAT" -> new FloatType();
            case "DOUBLE" -> new DoubleType();
            case "VARCHAR", "JSON" -> new StringType(t);
            case "BLOB" -> new BlobType();
            case "DATE" -> new DateType();
            case "TIME" -> new TimeType();
            case "TIMESTAMP" -> new TimestampType();
            case "TIMESTAMP WITH TIME ZONE" -> new TimestampTzType();
            case "UUID" -> new UuidType();
            default -> null;
        };
    }

    IllegalArgumentException mismatch(Object value, String expected) {
        return new IllegalArgumentException("a " + value.getClass().getSimpleName() + " does not fit " + name
                + " (expected " + expected + ")");
    }

    /**
     * The value as a list element: the same as {@link #normalize}, but DuckDB's list path takes only the
     * plain Java classes (no infinities), so types that write specially override this.
     */
    Object normalizeElement(Object value) {
        return normalize(value);
    }

    static final class BooleanType extends ValueType {
        BooleanType() {
            super("BOOLEAN");
        }

        @Override
        Object normalize(Object value) {
            if (value instanceof Boolean) {
                return value;
            }
            throw mismatch(value, "a Boolean");
        }

        @Override
        void write(DuckDBAppender appender, Object normalized) throws SQLException {
            appender.append(((Boolean) normalized).booleanValue());
        }
    }

    /** TINYINT … BIGINT: any integral {@link Number} within the type's range. */
    static final class IntegralType extends ValueType {
        private final long min;
        private final long max;
        private final int bytes;

        IntegralType(String name, long min, long max) {
            super(name);
            this.min = min;
            this.max = max;
            this.bytes = max == Byte.MAX_VALUE ? 1 : max == Short.MAX_VALUE ? 2 : max == Integer.MAX_VALUE ? 4 : 8;
        }

        @Override
        Object normalize(Object value) {
            long v;
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                v = ((Number) value).longValue();
            } else if (value instanceof BigInteger b) {
                if (b.bitLength() > 63) {
                    throw outOfRange(value);
                }
                v = b.longValue();
            } else if (value instanceof BigDecimal d) {
                try {
                    v = d.longValueExact();
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("the decimal " + d.toPlainString() + " is not an integer in the range of " + name);
                }
            } else {
                throw mismatch(value, "an integral Number");
            }
            if (v < min || v > max) {
                throw outOfRange(value);
            }
            return switch (bytes) {
                case 1 -> (byte) v;
                case 2 -> (short) v;
                case 4 -> (int) v;
                default -> v;
            };
        }

        private IllegalArgumentException outOfRange(Object value) {
            return new IllegalArgumentException("the value " + value + " is out of the range of " + name
                    + " [" + min + ", " + max + "]");
        }

        @Override
        void write(DuckDBAppender appender, Object normalized) throws SQLException {
            switch (bytes) {
                case 1 -> appender.append(((Byte) normalized).byteValue());
                case 2 -> appender.append(((Short) normalized).shortValue());
                case 4 -> appender.append(((Integer) normalized).intValue());
                default -> appender.append(((Long) normalized).longValue());
            }
        }
    }

    static final class HugeIntType extends ValueType {
        private static final BigInteger MIN = BigInteger.ONE.shiftLeft(127).negate();
        private static final BigInteger MAX = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);

        HugeIntType() {
            super("HUGEINT");
        }

        @Override
        Object normalize(Object value) {
            BigInteger b;
            if (value instanceof BigInteger bi) {
                b = bi;
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                b = BigInteger.valueOf(((Number) value).longValue());
            } else {
                throw mismatch(value, "a BigInteger or an integral Number");
            }
            if (b.compareTo(MIN) < 0 || b.compareTo(MAX) > 0) {
                throw new IllegalArgumentException("the value " + b + " is out of the range of HUGEINT");
            }
            return b;
        }

        @Override
        void write(DuckDBAppender appender, Object normalized) throws SQLException {
            appender.append((BigInteger) normalized);
        }
    }

    /** DECIMAL(p,s): a BigDecimal (or integral Number) brought to scale s without losing digits. */
    static final class DecimalType extends ValueType {
        private final int precision;
        private final int scale;

        DecimalType(String name, int precision, int scale) {
            super(name);
            this.precision = precision;
            this.scale = scale;
        }

        @Override
        Object normalize(Object value) {
            BigDecimal d;
            if (value instanceof BigDecimal bd) {
                d = bd;
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                d = BigDecimal.valueOf(((Number) value).longValue());
            } else if (value instanceof BigInteger bi) {
                d = new BigDecimal(bi);
            } else {
                throw mismatch(value, "a BigDecimal");
            }
            BigDecimal scaled;
            try {
                scaled = d.setScale(scale, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("the value " + d.toPlainString() + " has more than " + scale
                        + " decimal places for " + name);
            }
            if (scaled.precision() > precision) {
                throw new IllegalArgumentException("the value " + d.toPlainString() + " has more than "
                        + (precision - scale) + " digits before the decimal point for " + name);
            }
            return scaled;
        }

        @Override
        void write(DuckDBAppender appender, Object normalized) throws SQLException {
            appender.append((BigDecimal) normalized);
        }
    }

    static final class FloatType extends ValueType {
        FloatType() {
            super("FLOAT");
        }

        @Override
        Object normalize(Object value) {
            if (value instanceof Float) {
                return value;
            }
            if (value instanceof Double d) {
                return d.floatValue();
            }
            throw mismatch(value, "a Float or Double");
        }

        @Override
        void write(DuckDBAppender appender, Object normalized) throws SQLException {
            appender.append(((Float) normalized).floatValue());
        }
    }

    static final class DoubleType extends ValueType {
        DoubleType() {
            super("DOUBLE");
        }

        @Override
        Object normalize(Object value) {
            if (value instanceof Double) {
                return value;
            }
            if (value instanceof Float f) {
                return f.doubleValue();
            }
            throw mismatch(value, "a Double or Float");
        }

        @Override
        void write(DuckDBAppender appender, Object normalized) throws SQLException {
            appender.append(((Double) normalized).doubleValue());
        }
    }

    /** VARCHAR and JSON (DuckDB stores JSON as text; the appender does not check it). */
    static final class StringType extends ValueType {
        StringType(String name) {
            super(name);
        }

        @Override
        Object normalize(Object value) {
            if (value instanceof String) {
                return value;
            }
            throw mismatch(value, "a String");
        }

        @Override
        void write(DuckDBAppender appender, Object normalized) throws SQLException {
            appender.append((String) normalized);
        }
    }

    static final class BlobType extends ValueType {
        BlobType() {
            super("BLOB");
        }

        @Override
        Object normalize(Object value) {
            if (value instanceof byte[]) {
                return value;
            }
            throw mismatch(value, "a byte[]");
        }

        @Override
        void write(DuckDBAppender appender, Object normalized) throws SQLException {
            appender.append((byte[]) normalized);
        }
    }

    /** DATE; {@link LocalDate#MAX}/{@link LocalDate#MIN} are written as DuckDB's {@code infinity}/{@code -infinity}. */
    static final class DateType extends ValueType {
        DateType() {
            super("DATE");
        }

        @Override
        Object normalize(Object value) {
            if (value instanceof LocalDate d) {
                if (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
                    return d;
                }
                long days = d.toEpochDay();
                if (days >= DATE_INFINITY || days <= -DATE_INFINITY) {
                    throw new IllegalArgumentException("the date " + d + " is out of the range of DATE");
                }
                return d;
            }
            throw mismatch(value, "a LocalDate");
        }

        @Override
        Object normalizeElement(Object value) {
            LocalDate d = (LocalDate) normalize(value);
            if (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
                throw new IllegalArgumentException("an infinite date cannot be stored in a list");
            }
            return d;
        }

        @Override
        void write(DuckDBAppender appender, Object normalized) throws SQLException {
            LocalDate d = (LocalDate) normalized;
            int days = d.equals(LocalDate.MAX) ? DATE_INFINITY
                    : d.equals(LocalDate.MIN) ? -DATE_INFINITY : (int) d.toEpochDay();
            appender.appendEpochDays(days);
        }
    }

    static final class TimeType extends ValueType {
        TimeType() {
            super("TIME");
        }

        @Override
        Object normalize(Object value) {
            if (value instanceof LocalTime) {
                return value;
            }
            throw mismatch(value, "a LocalTime");
        }

        @Override
        void write(DuckDBAppender appender, Object normalized) throws SQLException {
            appender.appendDayMicros(((LocalTime) normalized).toNanoOfDay() / 1000);
        }
    }

    /**
     * TIMESTAMP (microseconds); {@link LocalDateTime#MAX}/{@link LocalDateTime#MIN} are written as
     * {@code infinity}/{@code -infinity}. The normalized value is the epoch microsecond count (as a Long)
     * at the top level.
     */
    static final class TimestampType extends ValueType {
        TimestampType() {
            super("TIMESTAMP");
        }

        @Override
        Object normalize(Object value) {
            if (value instanceof LocalDateTime t) {
                if (t.equals(LocalDateTime.MAX)) {
                    return TIMESTAMP_INFINITY;
                }
                if (t.equals(LocalDateTime.MIN)) {
                    return -TIMESTAMP_INFINITY;
                }
                return micros(t.toEpochSecond(ZoneOffset.UTC), t.getNano(), value, name);
            }
            throw mismatch(value, "a LocalDateTime");
        }

        @Override
        Object normalizeElement(Object value) {
            long micros = (Long) normalize(value);
            if (micros == TIMESTAMP_INFINITY || micros == -TIMESTAMP_INFINITY) {
                throw new IllegalArgumentException("an infinite timestamp cannot be stored in a list");
            }
            return value;
        }

        @Override
        void write(DuckDBAppender appender, Object normalized) throws SQLException {
            appender.appendEpochMicros((Long) normalized);
        }
    }

    /**
     * TIMESTAMP WITH TIME ZONE: an {@link OffsetDateTime}, {@link ZonedDateTime} or {@link Instant}, stored
     * as the instant; MAX/MIN are {@code infinity}/{@code -infinity}. Normalized to epoch microseconds.
     */
    static final class TimestampTzType extends ValueType {
        TimestampTzType() {
            super("TIMESTAMP WITH TIME ZONE");
        }

        @Override
        Object normalize(Object value) {
            Instant instant;
            if (value instanceof OffsetDateTime t) {
                if (t.equals(OffsetDateTime.MAX)) {
                    return TIMESTAMP_INFINITY;
                }
                if (t.equals(OffsetDateTime.MIN)) {
                    return -TIMESTAMP_INFINITY;
                }
                instant = t.toInstant();
            } else if (value instanceof Instant i) {
                if (i.equals(Instant.MAX)) {
                    return TIMESTAMP_INFINITY;
                }
                if (i.equals(Instant.MIN)) {
                    return -TIMESTAMP_INFINITY;
                }
                instant = i;
            } else if (value instanceof ZonedDateTime z) {
                instant = z.toInstant();
            } else {
                throw mismatch(value, "an OffsetDateTime or Instant");
            }
            return micros(instant.getEpochSecond(), instant.getNano(), value, name);
        }

        @Override
        Object normalizeElement(Object value) {
            long micros = (Long) normalize(value);
            if (micros == TIMESTAMP_INFINITY || micros == -TIMESTAMP_INFINITY) {
                throw new IllegalArgumentException("an infinite timestamp cannot be stored in a list");
            }
            if (value instanceof Instant i) {
                return i.atOffset(ZoneOffset.UTC);
            }
            if (value instanceof ZonedDateTime z) {
                return z.toOffsetDateTime();
            }
            return value;
        }

        @Override
        void write(DuckDBAppender appender, Object normalized) throws SQLException {
            appender.appendEpochMicros((Long) normalized);
        }
    }

    static long micros(long epochSecond, int nano, Object value, String type) {
        try {
            long micros = Math.addExact(Math.multiplyExact(epochSecond, 1_000_000L), nano / 1000);
            if (micros >= TIMESTAMP_INFINITY || micros <= -TIMESTAMP_INFINITY) {
                throw new ArithmeticException();
            }
            return micros;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the value " + value + " is out of the range of " + type);
        }
    }

    static final class UuidType extends ValueType {
        UuidType() {
            super("UUID");
        }

        @Override
        Object normalize(Object value) {
            if (value instanceof UUID) {
                return value;
            }
            throw mismatch(value, "a UUID");
        }

        @Override
        void write(DuckDBAppender appender, Object normalized) throws SQLException {
            appender.append((UUID) normalized);
        }
    }

    /** T[]: a {@link List} whose elements fit T (or are {@code null}). */
    static final class ListType extends ValueType {
        private final ValueType element;

        ListType(String name, ValueType element) {
            super(name);
            this.element = element;
        }

        @Override
        Object normalize(Object value) {
            if (!(value instanceof List<?> list)) {
                throw mismatch(value, "a List");
            }
            List<Object> out = new ArrayList<>(list.size());
            int index = 0;
            for (Object e : list) {
                index++;
                if (e == null) {
                    out.add(null);
                    continue;
                }
                try {
                    out.add(element.normalizeElement(e));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("element " + index + ": " + ex.getMessage());
                }
            }
            return out;
        }

        @Override
        void write(DuckDBAppender appender, Object normalized) throws SQLException {
            appender.append((List<?>) normalized);
        }
    }
}

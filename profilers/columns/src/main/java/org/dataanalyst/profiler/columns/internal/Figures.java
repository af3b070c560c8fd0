package org.dataanalyst.profiler.columns.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** Figures as {@code {"value", "exact"[, "error"]}} and the value conversions they need. */
final class Figures {
    private Figures() {
    }

    /** @return an exact figure */
    static Map<String, Object> exact(Object value) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("value", json(value));
        f.put("exact", true);
        return f;
    }

    /**
     * @param error the stated bound (relative for counts, in rank for quantiles), or {@code null} when the
     *              figure is approximate without a useful bound
     * @return an approximate figure
     */
    static Map<String, Object> approx(Object value, Double error) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("value", json(value));
        f.put("exact", false);
        if (error != null) {
            f.put("error", error);
        }
        return f;
    }

    /** @return an exact figure when {@code error} is {@code null}, else an approximate one */
    static Map<String, Object> of(Object value, boolean exact, Double error) {
        return exact ? exact(value) : approx(value, error);
    }

    /**
     * @return the value as JSON-compatible data: numbers stay numbers (NaN and infinities become the
     *         strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}), date/time values become
     *         ISO-8601 strings, anything else its text
     */
    static Object json(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Integer
                || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
        }
        if (v instanceof Float f) {
            return json(Double.valueOf(Float.toString(f)));
        }
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof TemporalAccessor) {
            return v.toString();
        }
        return v.toString();
    }

    /** @return the value as a double, if it is a number */
    static OptionalDouble number(Object v) {
        return v instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }

    /**
     * @return a date/time value as seconds since 1970-01-01 00:00 UTC (DuckDB's {@code epoch()}), a
     *         time of day as seconds since midnight, a number as itself
     */
    static OptionalDouble seconds(Object v) {
        if (v instanceof Number n) {
            return OptionalDouble.of(n.doubleValue());
        }
        if (v instanceof LocalDate d) {
            return OptionalDouble.of(d.toEpochDay() * 86_400.0);
        }
        if (v instanceof LocalDateTime t) {
            return OptionalDouble.of(t.toEpochSecond(ZoneOffset.UTC) + t.getNano() / 1e9);
        }
        if (v instanceof OffsetDateTime t) {
            return OptionalDouble.of(t.toEpochSecond() + t.getNano() / 1e9);
        }
        if (v instanceof LocalTime t) {
            return OptionalDouble.of(t.toSecondOfDay() + t.getNano() / 1e9);
        }
        return OptionalDouble.empty();
    }

    /** @return seconds (as {@link #seconds}) back as ISO-8601 text for the given kind */
    static String temporalText(Kind kind, double seconds) {
        long whole = (long) Math.floor(seconds);
        int nanos = (int) Math.round((seconds - whole) * 1e9);
        if (nanos >= 1_000_000_000) {
            whole++;
            nanos -= 1_000_000_000;
        }
        return switch (kind) {
            case DATE -> LocalDate.ofEpochDay(Math.floorDiv(whole, 86_400L)).toString();
            case TIMESTAMP -> LocalDateTime.ofEpochSecond(whole, nanos, ZoneOffset.UTC).toString();
            case TIME -> LocalTime.ofNanoOfDay(Math.floorMod(whole, 86_400L) * 1_000_000_000L + nanos).toString();
            default -> Instant.ofEpochSecond(whole, nanos).toString();
        };
    }

    /** @return a ratio as a percentage, {@code null} when the whole is 0 */
    static Double pct(long part, long whole) {
        return whole == 0 ? null : 100.0 * part / whole;
    }

    /** @return the value as a long, {@code 0} when absent */
    static long count(Object v) {
        return v instanceof Number n ? n.longValue() : 0L;
    }
}

package org.dataanalyst.datasets.internal;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a change of a column's engine (DuckDB) type can break a consumer of the older data. A change
 * is <em>widening</em> — every old value converts to the new type without loss of meaning — only in
 * the cases listed below; every other change is <em>narrowing</em>, hence breaking:
 * <ul>
 * <li>anything → {@code VARCHAR};</li>
 * <li>an integer → a wider integer of the same signedness, or unsigned → a strictly wider signed one;</li>
 * <li>an integer → {@code DOUBLE}; {@code TINYINT}/{@code SMALLINT} (and unsigned) → {@code FLOAT};</li>
 * <li>an integer → {@code DECIMAL(p,s)} with at least as many integer digits ({@code p - s});</li>
 * <li>{@code DECIMAL(p,s)} → {@code DECIMAL(p',s')} with {@code s' >= s} and {@code p'-s' >= p-s};
 * {@code DECIMAL(p,0)} → an integer with at least {@code p} digits; {@code DECIMAL} → {@code DOUBLE};</li>
 * <li>{@code FLOAT} → {@code DOUBLE};</li>
 * <li>{@code DATE} → {@code TIMESTAMP} (any precision without time zone); a timestamp without time zone →
 * one of finer precision ({@code TIMESTAMP_S} → {@code TIMESTAMP_MS} → {@code TIMESTAMP} → {@code TIMESTAMP_NS}).</li>
 * </ul>
 * So text → anything else, floating point → integer or decimal, shrinking integers or decimals, adding or
 * removing a time zone, and any change inside a list, struct, map or union type are breaking.
 */
final class EngineTypes {

    private EngineTypes() {
    }

    /** Integer types: bits and whether signed, and the decimal digits of their range. */
    private record IntType(int bits, boolean signed, int digits) {
    }

    private static final Map<String, IntType> INTEGERS = Map.ofEntries(
            Map.entry("TINYINT", new IntType(8, true, 3)),
            Map.entry("SMALLINT", new IntType(16, true, 5)),
            Map.entry("INTEGER", new IntType(32, true, 10)),
            Map.entry("BIGINT", new IntType(64, true, 19)),
            Map.entry("HUGEINT", new IntType(128, true, 39)),
            Map.entry("UTINYINT", new IntType(8, false, 3)),
            Map.entry("USMALLINT", new IntType(16, false, 5)),
            Map.entry("UINTEGER", new IntType(32, false, 10)),
            Map.entry("UBIGINT", new IntType(64, false, 20)),
            Map.entry("UHUGEINT", new IntType(128, false, 39)),
            // aliases DuckDB accepts (DESCRIBE shows the names above)
            Map.entry("INT1", new IntType(8, true, 3)),
            Map.entry("INT2", new IntType(16, true, 5)),
            Map.entry("SHORT", new IntType(16, true, 5)),
            Map.entry("INT", new IntType(32, true, 10)),
            Map.entry("INT4", new IntType(32, true, 10)),
            Map.entry("SIGNED", new IntType(32, true, 10)),
            Map.entry("INT8", new IntType(64, true, 19)),
            Map.entry("LONG", new IntType(64, true, 19)),
            Map.entry("INT128", new IntType(128, true, 39)));

    /** Timestamp precisions without time zone, coarse to fine. */
    private static final Map<String, Integer> TIMESTAMPS = Map.of(
            "TIMESTAMP_S", 0, "TIMESTAMP_MS", 3, "TIMESTAMP", 6, "DATETIME", 6, "TIMESTAMP_US", 6, "TIMESTAMP_NS", 9);

    private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?");

    /** @return the type name in canonical form for comparisons: upper case, single spaces */
    static String normalize(String type) {
        return type == null ? "" : type.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    static boolean isText(String type) {
        String t = normalize(type);
        return t.equals("VARCHAR") || t.equals("TEXT") || t.equals("STRING") || t.startsWith("VARCHAR(");
    }

    /** @return whether every value of {@code from} converts to {@code to} without loss of meaning */
    static boolean isWidening(String fromType, String toType) {
        String from = normalize(fromType);
        String to = normalize(toType);
        if (from.equals(to)) return true;
        if (isText(to)) return true;
        if (isNested(from) || isNested(to)) return false;

        IntType fromInt = INTEGERS.get(from);
        IntType toInt = INTEGERS.get(to);
        int[] fromDec = decimal(from);
        int[] toDec = decimal(to);
        if (fromInt != null) {
            if (toInt != null) {
                if (fromInt.signed() == toInt.signed()) return toInt.bits() >= fromInt.bits();
                return !fromInt.signed() && toInt.bits() > fromInt.bits();
            }
            if (to.equals("DOUBLE") || to.equals("FLOAT8")) return true;
            if (to.equals("FLOAT") || to.equals("REAL") || to.equals("FLOAT4")) return fromInt.bits() <= 16;
            if (toDec != null) return toDec[0] - toDec[1] >= fromInt.digits();
            return false;
        }
        if (fromDec != null) {
            if (toDec != null) return toDec[1] >= fromDec[1] && toDec[0] - toDec[1] >= fromDec[0] - fromDec[1];
            if (toInt != null) return fromDec[1] == 0 && toInt.digits() > fromDec[0] && toInt.signed();
            return to.equals("DOUBLE") || to.equals("FLOAT8");
        }
        if (from.equals("FLOAT") || from.equals("REAL") || from.equals("FLOAT4")) {
            return to.equals("DOUBLE") || to.equals("FLOAT8");
        }
        Integer fromTs = TIMESTAMPS.get(from);
        Integer toTs = TIMESTAMPS.get(to);
        if (from.equals("DATE")) return toTs != null;
        if (fromTs != null && toTs != null) return toTs >= fromTs;
        return false;
    }

    /** @return a few words saying why a change is breaking (for the drift's detail sentence) */
    static String whyNarrowing(String fromType, String toType) {
        String from = normalize(fromType);
        String to = normalize(toType);
        if (isNested(from) || isNested(to)) return "a nested (list, struct, map or union) type changed";
        if (isText(from)) return "text values may not convert to " + toType;
        if (isTimeZoned(from) != isTimeZoned(to) && (isTemporal(from) && isTemporal(to))) {
            return isTimeZoned(from) ? "the time zone is dropped" : "a time zone is added";
        }
        boolean fromFloat = from.equals("DOUBLE") || from.equals("FLOAT") || from.equals("REAL") || from.startsWith("FLOAT");
        if (fromFloat && (INTEGERS.containsKey(to) || decimal(to) != null)) return "fractions or large values are lost";
        if (INTEGERS.containsKey(from) && INTEGERS.containsKey(to)) {
            IntType f = INTEGERS.get(from);
            IntType t = INTEGERS.get(to);
            if (f.signed() && !t.signed()) return "negative values do not fit";
            return "large values do not fit";
        }
        if (decimal(from) != null || decimal(to) != null) return "precision or scale shrinks";
        return "values may not convert";
    }

    private static boolean isTemporal(String t) {
        return t.startsWith("TIMESTAMP") || t.startsWith("TIME") || t.equals("DATE") || t.equals("DATETIME");
    }

    private static boolean isTimeZoned(String t) {
        return t.endsWith("WITH TIME ZONE") || t.equals("TIMESTAMPTZ") || t.equals("TIMETZ");
    }

    private static boolean isNested(String t) {
        return t.endsWith("]") || t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION") || t.startsWith("LIST");
    }

    /** @return {precision, scale} of a DECIMAL type, or {@code null} */
    private static int[] decimal(String t) {
        Matcher m = DECIMAL.matcher(t);
        if (!m.matches()) return null;
        int precision = m.group(1) == null ? 18 : Integer.parseInt(m.group(1));
        int scale = m.group(2) == null ? (m.group(1) == null ? 3 : 0) : Integer.parseInt(m.group(2));
        return new int[] {precision, scale};
    }
}

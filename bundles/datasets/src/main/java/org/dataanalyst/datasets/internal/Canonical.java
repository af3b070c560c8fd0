package org.dataanalyst.datasets.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON-compatible values compared by meaning: maps by their entries, numbers by value ({@code 1},
 * {@code 1L} and {@code 1.0} are equal). Values read back from the catalog come as Jackson made them,
 * values from a request as the client sent them.
 */
final class Canonical {
    private Canonical() {
    }

    static boolean equal(Object a, Object b) {
        return canonical(a).equals(canonical(b));
    }

    static Object canonical(Object value) {
        if (value == null) return "\u0000null";
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> {
                if (v != null) sorted.put(String.valueOf(k), canonical(v));
            });
            return sorted;
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(canonical(v)));
            return copy;
        }
        if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) return Double.toString(d);
            return BigDecimal.valueOf(d).stripTrailingZeros();
        }
        if (value instanceof BigDecimal b) return b.stripTrailingZeros();
        if (value instanceof BigInteger i) return new BigDecimal(i).stripTrailingZeros();
        if (value instanceof Number n) return BigDecimal.valueOf(n.longValue()).stripTrailingZeros();
        return value;
    }
}

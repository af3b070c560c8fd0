package org.dataanalyst.profiling.internal;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Makes what a profiler returns JSON-compatible: maps with text keys, lists, strings, finite numbers,
 * booleans and {@code null}. Dates and times become ISO-8601 text, enums their lower-case name, records
 * maps of their components with snake_case keys (as the REST API writes them), {@code NaN} and infinities
 * {@code null} (JSON has no such numbers); anything else its {@code toString()}.
 */
final class JsonValues {

    /** Deepest nesting accepted; a deeper (or cyclic) structure is refused. */
    static final int MAX_DEPTH = 64;

    private JsonValues() {
    }

    /** @throws IllegalArgumentException when the value nests deeper than {@value #MAX_DEPTH} levels (or is cyclic) */
    static Object normalize(Object value) {
        return normalize(value, 0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> normalizeMap(Map<?, ?> map) {
        return (Map<String, Object>) normalize(map, 0);
    }

    private static Object normalize(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("the value nests deeper than " + MAX_DEPTH + " levels (or refers to itself)");
        }
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (value instanceof Float f) {
            return Float.isFinite(f) ? (Object) f.doubleValue() : null;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigDecimal || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        if (value instanceof Character c) {
            return String.valueOf(c);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put(String.valueOf(e.getKey()), normalize(e.getValue(), depth + 1));
            }
            return copy;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            for (Object item : collection) copy.add(normalize(item, depth + 1));
            return copy;
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<Object> copy = new ArrayList<>(n);
            for (int i = 0; i < n; i++) copy.add(normalize(Array.get(value, i), depth + 1));
            return copy;
        }
        if (value instanceof Optional<?> optional) {
            return normalize(optional.orElse(null), depth + 1);
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof TemporalAccessor || value instanceof java.time.Duration) {
            return value.toString();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof Record record) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Object v;
                try {
                    v = component.getAccessor().invoke(record);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return record.toString();
                }
                copy.put(snake(component.getName()), normalize(v, depth + 1));
            }
            return copy;
        }
        return value.toString();
    }

    /** {@code fromVersion} → {@code from_version}. */
    static String snake(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) out.append('_');
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

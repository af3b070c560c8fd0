package org.dataanalyst.profiling.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks a profiler's options against the common part of its JSON Schema: {@code type}, {@code properties},
 * {@code required}, {@code additionalProperties} ({@code false} or a schema), {@code enum}, {@code minimum},
 * {@code maximum}, {@code minLength}, {@code maxLength}, {@code items}, {@code minItems}, {@code maxItems}.
 * Other keywords are not checked (the profiler itself must still cope with what it is given).
 */
final class OptionsCheck {

    private OptionsCheck() {
    }

    /** @return what is wrong, one sentence per problem, each naming the option's path; empty when valid */
    static List<String> problems(String path, Object value, Map<?, ?> schema) {
        List<String> problems = new ArrayList<>();
        check(path, value, schema, problems, 0);
        return problems;
    }

    private static void check(String path, Object value, Map<?, ?> schema, List<String> problems, int depth) {
        if (schema == null || depth > 32) return;
        Object type = schema.get("type");
        if (type != null && !matchesType(value, type)) {
            problems.add(path + " must be " + typeText(type) + ", was " + shown(value));
            return;
        }
        if (schema.get("enum") instanceof Collection<?> allowed && !containsEqual(allowed, value)) {
            problems.add(path + " must be one of " + allowed.stream().map(OptionsCheck::shown).toList() + ", was " + shown(value));
        }
        if (value instanceof Number n) {
            BigDecimal v = decimal(n);
            if (schema.get("minimum") instanceof Number min && v != null && v.compareTo(decimal(min)) < 0) {
                problems.add(path + " must be at least " + min + ", was " + n);
            }
            if (schema.get("maximum") instanceof Number max && v != null && v.compareTo(decimal(max)) > 0) {
                problems.add(path + " must be at most " + max + ", was " + n);
            }
        }
        if (value instanceof String s) {
            if (schema.get("minLength") instanceof Number min && s.codePointCount(0, s.length()) < min.longValue()) {
                problems.add(path + " must have at least " + min + " characters");
            }
            if (schema.get("maxLength") instanceof Number max && s.codePointCount(0, s.length()) > max.longValue()) {
                problems.add(path + " must have at most " + max + " characters");
            }
        }
        if (value instanceof List<?> list) {
            if (schema.get("minItems") instanceof Number min && list.size() < min.longValue()) {
                problems.add(path + " must have at least " + min + " items");
            }
            if (schema.get("maxItems") instanceof Number max && list.size() > max.longValue()) {
                problems.add(path + " must have at most " + max + " items");
            }
            if (schema.get("items") instanceof Map<?, ?> items) {
                for (int i = 0; i < list.size(); i++) {
                    check(path + "[" + i + "]", list.get(i), items, problems, depth + 1);
                }
            }
        }
        if (value instanceof Map<?, ?> map) {
            Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> p ? p : Map.of();
            if (schema.get("required") instanceof Collection<?> required) {
                for (Object name : required) {
                    if (!map.containsKey(name)) problems.add(path + "." + name + " is required");
                }
            }
            Object additional = schema.get("additionalProperties");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String child = path + "." + e.getKey();
                if (properties.get(e.getKey()) instanceof Map<?, ?> propertySchema) {
                    check(child, e.getValue(), propertySchema, problems, depth + 1);
                } else if (Boolean.FALSE.equals(additional)) {
                    problems.add(child + " is not an option; known options: "
                            + (properties.isEmpty() ? "(none)" : String.join(", ", properties.keySet().stream().map(String::valueOf).toList())));
                } else if (additional instanceof Map<?, ?> additionalSchema) {
                    check(child, e.getValue(), additionalSchema, problems, depth + 1);
                }
            }
        }
    }

    private static boolean matchesType(Object value, Object type) {
        if (type instanceof Collection<?> types) {
            return types.stream().anyMatch(t -> matchesType(value, t));
        }
        return switch (String.valueOf(type)) {
            case "null" -> value == null;
            case "boolean" -> value instanceof Boolean;
            case "string" -> value instanceof String;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Number n && isIntegral(n);
            case "array" -> value instanceof List<?>;
            case "object" -> value instanceof Map<?, ?>;
            default -> true;
        };
    }

    private static boolean isIntegral(Number n) {
        BigDecimal d = decimal(n);
        return d != null && d.stripTrailingZeros().scale() <= 0;
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) return d;
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        try {
            return new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean containsEqual(Collection<?> allowed, Object value) {
        for (Object a : allowed) {
            if (a == null ? value == null : a.equals(value)) return true;
            if (a instanceof Number x && value instanceof Number y && decimal(x) != null && decimal(y) != null
                    && decimal(x).compareTo(decimal(y)) == 0) return true;
        }
        return false;
    }

    private static String typeText(Object type) {
        if (type instanceof Collection<?> types) {
            return String.join(" or ", types.stream().map(t -> article(String.valueOf(t))).toList());
        }
        return article(String.valueOf(type));
    }

    private static String article(String type) {
        return switch (type) {
            case "null" -> "null";
            case "integer", "object", "array" -> "an " + type;
            default -> "a " + type;
        };
    }

    static String shown(Object value) {
        if (value == null) return "null";
        if (value instanceof String s) return "'" + (s.length() > 60 ? s.substring(0, 59) + "…" : s) + "'";
        if (value instanceof Map<?, ?>) return "an object";
        if (value instanceof List<?>) return "an array";
        return String.valueOf(value);
    }
}

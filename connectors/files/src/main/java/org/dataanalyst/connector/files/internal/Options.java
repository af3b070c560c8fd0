package org.dataanalyst.connector.files.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.dataanalyst.api.InvalidRequestException;

/**
 * A source's options checked against the connector's {@link OptionSpec}s: unknown keys and values of the
 * wrong kind are refused with an {@link InvalidRequestException} naming the option; the getters return
 * the typed values ({@code null} when the option is absent).
 */
final class Options {

    private final Map<String, Object> values;

    private Options(Map<String, Object> values) {
        this.values = values;
    }

    /** @return the JSON Schema of an options object with these options (no others allowed) */
    static Map<String, Object> schema(List<OptionSpec> specs) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (OptionSpec spec : specs) {
            properties.put(spec.name(), spec.schema());
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("additionalProperties", false);
        return schema;
    }

    /**
     * @param kind    the source kind, for messages
     * @param options the options as the user gave them (may be {@code null})
     * @throws InvalidRequestException naming the first option that is unknown or of the wrong kind
     */
    static Options validate(String kind, Map<String, Object> options, List<OptionSpec> specs) {
        Map<String, OptionSpec> byName = new LinkedHashMap<>();
        specs.forEach(s -> byName.put(s.name(), s));
        Map<String, Object> typed = new LinkedHashMap<>();
        if (options != null) {
            for (Map.Entry<String, Object> e : options.entrySet()) {
                OptionSpec spec = byName.get(e.getKey());
                if (spec == null) {
                    throw new InvalidRequestException("Unknown option '" + e.getKey() + "' for a " + kind + " source; "
                            + (byName.isEmpty() ? "it takes no options"
                                    : "known options: " + String.join(", ", new TreeSet<>(byName.keySet()))));
                }
                if (e.getValue() != null) {
                    typed.put(spec.name(), convert(kind, spec, e.getValue()));
                }
            }
        }
        return new Options(Collections.unmodifiableMap(typed));
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Boolean bool(String name) {
        return (Boolean) values.get(name);
    }

    Long integer(String name) {
        return (Long) values.get(name);
    }

    String string(String name) {
        return (String) values.get(name);
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String name) {
        return (List<String>) values.get(name);
    }

    @SuppressWarnings("unchecked")
    Map<String, String> map(String name) {
        return (Map<String, String>) values.get(name);
    }

    /** @return the options as validated, for the source metadata */
    Map<String, Object> asMap() {
        return values;
    }

    private static Object convert(String kind, OptionSpec spec, Object value) {
        String name = spec.name();
        switch (spec.type()) {
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    return b;
                }
                throw invalid(kind, name, "must be true or false", value);
            }
            case INTEGER -> {
                Long n = wholeNumber(value);
                if (n == null) {
                    throw invalid(kind, name, "must be a whole number", value);
                }
                if (spec.minimum() != null && n < spec.minimum()) {
                    throw invalid(kind, name, "must be at least " + spec.minimum(), value);
                }
                return n;
            }
            case STRING -> {
                if (value instanceof String s && !s.isBlank()) {
                    return s;
                }
                throw invalid(kind, name, "must be a non-empty text", value);
            }
            case CHAR, DELIMITER -> {
                if (value instanceof String s) {
                    String c = "\\t".equals(s) ? "\t" : s;
                    boolean ok = spec.type() == OptionSpec.Type.CHAR ? c.codePointCount(0, c.length()) <= 1
                            : c.codePointCount(0, c.length()) == 1;
                    if (ok && !"\n".equals(c) && !"\r".equals(c)) {
                        return c;
                    }
                }
                throw invalid(kind, name, spec.type() == OptionSpec.Type.CHAR
                        ? "must be one character (\\t for a tab) or \"\" for none" : "must be one character (\\t for a tab)",
                        value);
            }
            case STRING_LIST -> {
                if (value instanceof List<?> list) {
                    List<String> out = new ArrayList<>(list.size());
                    for (Object o : list) {
                        if (!(o instanceof String s)) {
                            throw invalid(kind, name, "must be a list of texts", value);
                        }
                        out.add(s);
                    }
                    return List.copyOf(out);
                }
                throw invalid(kind, name, "must be a list of texts", value);
            }
            case TYPE_MAP -> {
                if (value instanceof Map<?, ?> map) {
                    Map<String, String> out = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        if (!(e.getKey() instanceof String column) || !(e.getValue() instanceof String type)
                                || !EngineTypes.isPlausible(type)) {
                            throw invalid(kind, name, "must map column names to engine types such as VARCHAR, BIGINT, "
                                    + "DOUBLE, DECIMAL(18,2), DATE, TIMESTAMP, BOOLEAN", value);
                        }
                        out.put(column, type.strip());
                    }
                    return Collections.unmodifiableMap(out);
                }
                throw invalid(kind, name, "must be an object mapping column names to engine types", value);
            }
            case ENUM -> {
                if (value instanceof String s) {
                    String v = s.strip().toLowerCase(Locale.ROOT);
                    if (spec.values().contains(v)) {
                        return v;
                    }
                }
                throw invalid(kind, name, "must be one of " + String.join(", ", spec.values()), value);
            }
        }
        throw new IllegalStateException(spec.type().toString());
    }

    private static Long wholeNumber(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        if (value instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        return null;
    }

    private static InvalidRequestException invalid(String kind, String name, String rule, Object value) {
        return new InvalidRequestException("Option '" + name + "' of a " + kind + " source " + rule + ", not "
                + show(value));
    }

    private static String show(Object value) {
        String s = value instanceof String str ? "\"" + str + "\"" : String.valueOf(value);
        return s.length() > 60 ? s.substring(0, 57) + "…" : s;
    }
}

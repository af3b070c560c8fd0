package org.dataanalyst.connector.files.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One option a file connector accepts: its name, kind of value and description. Gives the JSON Schema of
 * the option for the descriptor, and {@link Options} validates values against it.
 *
 * @param name        the key in the source's options
 * @param type        the kind of value
 * @param description one sentence for users
 * @param values      the allowed values of an {@link Type#ENUM} (the first aliases listed in the schema), else empty
 * @param minimum     the smallest allowed {@link Type#INTEGER}, or {@code null}
 */
record OptionSpec(String name, Type type, String description, List<String> values, Long minimum) {

    /** Kinds of option values. */
    enum Type {
        /** {@code true} or {@code false} */
        BOOLEAN,
        /** a whole number */
        INTEGER,
        /** any text */
        STRING,
        /** one character, {@code \t} for a tab, or the empty string for "none" */
        CHAR,
        /** one character or {@code \t}; never empty */
        DELIMITER,
        /** a list of strings */
        STRING_LIST,
        /** an object mapping column names to engine type names */
        TYPE_MAP,
        /** one of {@link OptionSpec#values} (compared case-insensitively) */
        ENUM
    }

    OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        values = values == null ? List.of() : List.copyOf(values);
    }

    static OptionSpec of(String name, Type type, String description) {
        return new OptionSpec(name, type, description, List.of(), null);
    }

    static OptionSpec integer(String name, long minimum, String description) {
        return new OptionSpec(name, Type.INTEGER, description, List.of(), minimum);
    }

    static OptionSpec oneOf(String name, List<String> values, String description) {
        return new OptionSpec(name, Type.ENUM, description, values, null);
    }

    /** @return this option's JSON Schema */
    Map<String, Object> schema() {
        Map<String, Object> s = new LinkedHashMap<>();
        switch (type) {
            case BOOLEAN -> s.put("type", "boolean");
            case INTEGER -> {
                s.put("type", "integer");
                if (minimum != null) {
                    s.put("minimum", minimum);
                }
            }
            case STRING -> s.put("type", "string");
            case CHAR -> {
                s.put("type", "string");
                s.put("maxLength", 2);
            }
            case DELIMITER -> {
                s.put("type", "string");
                s.put("minLength", 1);
                s.put("maxLength", 2);
            }
            case STRING_LIST -> {
                s.put("type", "array");
                s.put("items", Map.of("type", "string"));
            }
            case TYPE_MAP -> {
                s.put("type", "object");
                s.put("additionalProperties", Map.of("type", "string"));
            }
            case ENUM -> {
                s.put("type", "string");
                s.put("enum", values);
            }
        }
        s.put("description", description);
        return s;
    }
}

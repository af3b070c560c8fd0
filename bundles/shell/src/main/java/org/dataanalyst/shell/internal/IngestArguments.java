package org.dataanalyst.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dataanalyst.api.InvalidRequestException;

/**
 * The words of {@code analyst:ingest} after Gogo took its flags: {@code <project> <name> <kind> <location>} and any
 * number of {@code -o key=value} (or {@code --option key=value}), in any order.
 *
 * <p>Gogo's {@code @Parameter} takes an option once, so the repeatable {@code -o} is parsed here.
 *
 * @param project  the project's id or name
 * @param name     the dataset's name
 * @param kind     the connector kind
 * @param location the source location
 * @param options  the options as given, in order
 */
record IngestArguments(String project, String name, String kind, String location, Map<String, String> options) {

    static final String USAGE = "analyst:ingest <project> <name> <kind> <location> [-o key=value]... "
            + "[--on-error fail|skip] [--force] [--wait]";

    /** The flags Gogo takes itself (once each): seen here, one was given twice. */
    private static final java.util.Set<String> FLAGS = java.util.Set.of("--on-error", "-f", "--force", "-w", "--wait");

    IngestArguments {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    static IngestArguments parse(Object... words) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; words != null && i < words.length; i++) {
            String word = String.valueOf(words[i]);
            if (word.equals("-o") || word.equals("--option")) {
                if (i + 1 >= words.length) {
                    throw new InvalidRequestException(word + " needs key=value after it; usage: " + USAGE);
                }
                String pair = String.valueOf(words[++i]);
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw new InvalidRequestException("option '" + pair + "' must be key=value, e.g. -o header=true");
                }
                String key = pair.substring(0, eq).strip();
                if (options.putIfAbsent(key, pair.substring(eq + 1)) != null) {
                    throw new InvalidRequestException("option '" + key + "' is given twice");
                }
            } else if (FLAGS.contains(word)) {
                throw new InvalidRequestException(word + " is given twice; usage: " + USAGE);
            } else if (word.startsWith("-") && word.length() > 1) {
                throw new InvalidRequestException("unknown option " + word + "; usage: " + USAGE);
            } else {
                positional.add(word);
            }
        }
        if (positional.size() != 4) {
            throw new InvalidRequestException("expected <project> <name> <kind> <location>, got "
                    + positional.size() + " word" + (positional.size() == 1 ? "" : "s")
                    + (positional.isEmpty() ? "" : " (" + String.join(" ", positional) + ")") + "; usage: " + USAGE);
        }
        return new IngestArguments(positional.get(0), positional.get(1), positional.get(2), positional.get(3), options);
    }

    /**
     * Gives each option the JSON type its connector's options schema declares ({@code boolean}, {@code integer},
     * {@code number}, {@code array} of those or of strings as comma-separated items); an option the schema does not
     * know stays text, and the connector says what is wrong with it. The entries of an {@code object} option are given
     * one by one as {@code name.key=value}, e.g. {@code -o types.zip=VARCHAR}.
     *
     * @param optionsSchema the connector's options schema (JSON Schema as maps), or {@code null} when unknown
     */
    static Map<String, Object> typed(Map<String, String> options, Map<String, Object> optionsSchema) {
        Object properties = optionsSchema == null ? null : optionsSchema.get("properties");
        Map<?, ?> schemas = properties instanceof Map<?, ?> map ? map : Map.of();
        Map<String, Object> typed = new LinkedHashMap<>();
        options.forEach((key, text) -> {
            int dot = key.indexOf('.');
            String head = dot > 0 ? key.substring(0, dot) : key;
            if (!schemas.containsKey(key) && dot > 0 && dot < key.length() - 1
                    && schemas.get(head) instanceof Map<?, ?> objectSchema && "object".equals(type(objectSchema.get("type")))) {
                Object previous = typed.computeIfAbsent(head, k -> new LinkedHashMap<String, Object>());
                if (!(previous instanceof Map<?, ?>)) {
                    throw new InvalidRequestException("option " + head + " is given both as a whole and as " + key);
                }
                String entry = key.substring(dot + 1);
                @SuppressWarnings("unchecked")
                Map<String, Object> entries = (Map<String, Object>) previous;
                entries.put(entry, entrySchema(objectSchema, entry) instanceof Map<?, ?> leaf ? convert(key, text, leaf) : text);
            } else {
                if (typed.containsKey(key)) {
                    throw new InvalidRequestException("option " + key + " is given both as a whole and entry by entry");
                }
                typed.put(key, schemas.get(key) instanceof Map<?, ?> schema ? convert(key, text, schema) : text);
            }
        });
        return typed;
    }

    private static Object entrySchema(Map<?, ?> objectSchema, String entry) {
        if (objectSchema.get("properties") instanceof Map<?, ?> named && named.containsKey(entry)) {
            return named.get(entry);
        }
        return objectSchema.get("additionalProperties");
    }

    private static Object convert(String key, String text, Map<?, ?> schema) {
        String type = type(schema.get("type"));
        if (type == null) {
            return text;
        }
        switch (type) {
            case "boolean" -> {
                String t = text.strip().toLowerCase(Locale.ROOT);
                if (t.equals("true") || t.equals("false")) {
                    return Boolean.valueOf(t);
                }
                throw new InvalidRequestException("option " + key + " must be true or false, was '" + text + "'");
            }
            case "integer" -> {
                try {
                    return Long.valueOf(text.strip());
                } catch (NumberFormatException e) {
                    throw new InvalidRequestException("option " + key + " must be a whole number, was '" + text + "'");
                }
            }
            case "number" -> {
                try {
                    return Double.valueOf(text.strip());
                } catch (NumberFormatException e) {
                    throw new InvalidRequestException("option " + key + " must be a number, was '" + text + "'");
                }
            }
            case "array" -> {
                Object items = schema.get("items");
                List<Object> values = new ArrayList<>();
                if (!text.isBlank()) {
                    for (String item : text.split(",", -1)) {
                        values.add(items instanceof Map<?, ?> itemSchema ? convert(key, item.strip(), itemSchema) : item.strip());
                    }
                }
                return values;
            }
            case "object" -> throw new InvalidRequestException("option " + key + " takes an object: give its entries "
                    + "one by one as -o " + key + ".<key>=<value>");
            default -> {
                return text;
            }
        }
    }

    /** @return the JSON type of a schema's {@code type}: a string, or the first non-null one of a list */
    private static String type(Object type) {
        if (type instanceof String s) {
            return s;
        }
        if (type instanceof List<?> list) {
            for (Object t : list) {
                if (t instanceof String s && !s.equals("null")) {
                    return s;
                }
            }
        }
        return null;
    }
}

package org.dataanalyst.datasets.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.secret.SecretService;

/** {@code ${secret:name}} references in source specs, and masking of secret values in text. */
final class SecretText {

    /** A reference; group 1 is the name. */
    static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([^}]*)}");

    /** What replaces a secret value in logs, messages and stored metadata. */
    static final String MASK = "***";

    private SecretText() {
    }

    /** @return whether {@code text} is exactly one reference and nothing else */
    static boolean isReference(String text) {
        return text != null && REFERENCE.matcher(text.strip()).matches();
    }

    /** @return the reference text for a secret name */
    static String reference(String name) {
        return "${secret:" + name + "}";
    }

    /**
     * The secret names referenced in a value (a string, or maps and lists of them), in order of appearance.
     *
     * @throws InvalidRequestException when a reference names no acceptable secret name
     */
    static Set<String> references(Object value) {
        Set<String> names = new LinkedHashSet<>();
        collect(value, names);
        return names;
    }

    private static void collect(Object value, Set<String> names) {
        if (value instanceof String s) {
            Matcher m = REFERENCE.matcher(s);
            while (m.find()) {
                String name = m.group(1);
                if (!SecretService.NAME_PATTERN.matcher(name).matches()) {
                    throw new InvalidRequestException("'${secret:" + name + "}' does not name a secret: names are 1 to 64 "
                            + "letters, digits, '_', '.' or '-', starting with a letter or digit");
                }
                names.add(name);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, names));
        } else if (value instanceof Collection<?> list) {
            list.forEach(v -> collect(v, names));
        }
    }

    /** Replaces every reference in {@code text} by {@code lookup(name)}. */
    static String resolve(String text, UnaryOperator<String> lookup) {
        if (text == null) return null;
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(lookup.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Collects secret values and masks them in text; thread-safe. */
    static final class Masker {
        private final Set<String> values = new CopyOnWriteArraySet<>();

        /** Adds a value to mask from now on (blank values are ignored). */
        void add(String value) {
            if (value != null && !value.isBlank()) values.add(value);
        }

        /** @return {@code text} with every known value replaced by {@value SecretText#MASK} (longest first) */
        String mask(String text) {
            if (text == null || values.isEmpty()) return text;
            List<String> sorted = new ArrayList<>(values);
            sorted.sort(Comparator.comparingInt(String::length).reversed());
            String result = text;
            for (String value : sorted) {
                result = result.replace(value, MASK);
            }
            return result;
        }

        /** @return a JSON-compatible value with every string masked */
        Object mask(Object value) {
            if (value instanceof String s) return mask(s);
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), mask(v)));
                return copy;
            }
            if (value instanceof Collection<?> list) {
                List<Object> copy = new ArrayList<>();
                list.forEach(v -> copy.add(mask(v)));
                return copy;
            }
            return value;
        }

        /**
         * A copy of {@code failure} (and its causes) whose messages are masked, keeping the stack traces:
         * what the run engine records as reason and writes into the run log.
         */
        Exception mask(Throwable failure) {
            MaskedException top = null;
            MaskedException previous = null;
            Set<Throwable> seen = new java.util.HashSet<>();
            for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
                String message = t.getMessage();
                MaskedException copy = new MaskedException(message == null ? t.getClass().getName() : mask(message),
                        t.getClass().getName());
                copy.setStackTrace(t.getStackTrace());
                if (top == null) top = copy;
                else previous.initCause(copy);
                previous = copy;
            }
            return top;
        }
    }

    /**
     * A failure whose message went through the {@link Masker}; the original class name is kept for the
     * run log (the original exception is not attached: its message may hold a secret).
     */
    static final class MaskedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String originalClass;

        MaskedException(String message, String originalClass) {
            super(message);
            this.originalClass = originalClass;
        }

        @Override
        public String toString() {
            return originalClass + ": " + getMessage();
        }
    }
}

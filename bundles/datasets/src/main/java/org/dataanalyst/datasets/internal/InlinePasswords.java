package org.dataanalyst.datasets.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dataanalyst.spi.connector.SourceSpec;

/**
 * Finds passwords written inline in a source spec, so that they can be moved into a project secret
 * before anything is stored, or masked where they are shown:
 * <ul>
 * <li>the password of a URL's user info: {@code scheme://user:password@host…} (also {@code jdbc:x://…});</li>
 * <li>a {@code password=} or {@code pwd=} parameter: in a URL query ({@code ?…&password=x}), a JDBC
 * property list ({@code ;password=x}) or a key/value connection string ({@code host=h password=x});</li>
 * <li>an option named {@code password} (any case).</li>
 * </ul>
 * A value that is already exactly a {@code ${secret:name}} reference is left alone. The text that is
 * replaced is exactly what the user wrote (still URL-encoded, quotes included), so resolving the
 * reference later gives back the original location.
 */
final class InlinePasswords {

    /** A URL start ({@code scheme://}, also {@code jdbc:scheme://}) followed by the rest. */
    private static final Pattern URL_START = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z][A-Za-z0-9+.-]*:)*//)(.*)$",
            Pattern.DOTALL);

    /** A password parameter; group 1: everything up to the value, group 2: the value. */
    private static final Pattern PARAMETER = Pattern.compile(
            "(?i)((?:^|[?&;\\s])(?:password|pwd)\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|[^&;#\\s]*)");

    /** The option names that hold a password. */
    static boolean isPasswordOption(String key) {
        return key != null && (key.equalsIgnoreCase("password") || key.equalsIgnoreCase("pwd"));
    }

    private InlinePasswords() {
    }

    /**
     * The result of {@link #extract}.
     *
     * @param spec    the spec with every inline password replaced by its secret reference
     * @param secrets the secrets to create: name → value, in order of appearance
     */
    record Extraction(SourceSpec spec, Map<String, String> secrets) {
        boolean found() {
            return !secrets.isEmpty();
        }
    }

    /**
     * Replaces inline passwords by references to secrets named {@code <base>-password},
     * {@code <base>-password-2}… (one per distinct value).
     *
     * @param base the secret name stem, normally the dataset name (shortened to fit secret names)
     */
    static Extraction extract(SourceSpec spec, String base) {
        String stem = base.length() > 52 ? base.substring(0, 52) : base;
        Map<String, String> byValue = new LinkedHashMap<>();
        UnaryOperator<String> replacer = value -> {
            String name = byValue.computeIfAbsent(value,
                    v -> stem + "-password" + (byValue.isEmpty() ? "" : "-" + (byValue.size() + 1)));
            return SecretText.reference(name);
        };
        String location = replace(spec.location(), replacer);
        Map<String, Object> options = new LinkedHashMap<>();
        spec.options().forEach((key, value) -> {
            if (isPasswordOption(key) && value != null && !(value instanceof Map<?, ?>) && !(value instanceof java.util.Collection<?>)) {
                String text = String.valueOf(value);
                options.put(key, text.isEmpty() || SecretText.isReference(text) ? value : replacer.apply(text));
            } else {
                options.put(key, value);
            }
        });
        Map<String, String> secrets = new LinkedHashMap<>();
        byValue.forEach((value, name) -> secrets.put(name, value));
        return new Extraction(new SourceSpec(spec.kind(), location, options), secrets);
    }

    /** @return whether the spec holds an inline password */
    static boolean present(SourceSpec spec) {
        return extract(spec, "x").found();
    }

    /** @return the location with inline passwords replaced by {@value SecretText#MASK} (references kept) */
    static String maskLocation(String location) {
        return replace(location, value -> SecretText.MASK);
    }

    /** @return the options with inline password values replaced by {@value SecretText#MASK} (references kept) */
    static Map<String, Object> maskOptions(Map<String, Object> options) {
        Map<String, Object> masked = new LinkedHashMap<>();
        options.forEach((key, value) -> {
            if (isPasswordOption(key) && value != null && !(value instanceof String s && (s.isEmpty() || SecretText.isReference(s)))) {
                masked.put(key, SecretText.MASK);
            } else {
                masked.put(key, value);
            }
        });
        return masked;
    }

    /** Replaces each inline password of a location by {@code replacement(password)}. */
    static String replace(String location, UnaryOperator<String> replacement) {
        if (location == null || location.isEmpty()) return location;
        String text = location;
        Matcher url = URL_START.matcher(text);
        if (url.matches()) {
            String prefix = url.group(1);
            String rest = url.group(2);
            int end = firstOf(rest, '?', '#');
            int at = rest.substring(0, end).lastIndexOf('@');
            if (at >= 0) {
                String userInfo = rest.substring(0, at);
                int colon = userInfo.indexOf(':');
                if (colon >= 0) {
                    String password = userInfo.substring(colon + 1);
                    if (!password.isEmpty() && !SecretText.isReference(password)) {
                        text = prefix + userInfo.substring(0, colon + 1) + replacement.apply(password) + rest.substring(at);
                    }
                }
            }
        }
        Matcher parameter = PARAMETER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (parameter.find()) {
            String value = parameter.group(2);
            String replaced = value.isEmpty() || SecretText.isReference(value) || SecretText.MASK.equals(value)
                    ? value : replacement.apply(value);
            parameter.appendReplacement(out, Matcher.quoteReplacement(parameter.group(1) + replaced));
        }
        parameter.appendTail(out);
        return out.toString();
    }

    private static int firstOf(String text, char... chars) {
        int end = text.length();
        for (char c : chars) {
            int i = text.indexOf(c);
            if (i >= 0 && i < end) end = i;
        }
        return end;
    }
}

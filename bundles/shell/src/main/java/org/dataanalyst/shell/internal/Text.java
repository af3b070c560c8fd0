package org.dataanalyst.shell.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.dataanalyst.api.AnalystException;
import org.dataanalyst.api.Page;

/** Formatting shared by the commands: times, values, key/value blocks, paging footers and errors. */
final class Text {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Text() {
    }

    /** @return the command's output, or a one-line {@code error: …} when the platform refused the request */
    static String attempt(Supplier<?> command) {
        try {
            return of(command.get());
        } catch (AnalystException e) {
            return error(e.getMessage());
        }
    }

    static String error(String message) {
        return "error: " + (message == null ? "failed" : message.replaceAll("\\s+", " ").strip()) + "\n";
    }

    static String of(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Instant instant) {
            return TIME.format(instant);
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return json(value);
        }
        return value.toString();
    }

    /** @return a block of aligned {@code key: value} lines */
    static String block(Object... keysAndValues) {
        int width = 0;
        for (int i = 0; i < keysAndValues.length; i += 2) {
            width = Math.max(width, keysAndValues[i].toString().length());
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = keysAndValues[i].toString();
            Object value = keysAndValues[i + 1];
            String text = value == null ? "-" : of(value);
            out.append(key).append(':').append(" ".repeat(width - key.length() + 1))
                    .append(text.isEmpty() ? "-" : text).append('\n');
        }
        return out.toString();
    }

    /** @return {@code "3 of 120 projects (offset 0; more with --offset 3)"} */
    static String footer(Page<?> page, String noun) {
        int shown = page.items().size();
        StringBuilder out = new StringBuilder();
        out.append(shown).append(" of ").append(page.total()).append(' ').append(noun);
        if (page.offset() > 0 || page.offset() + shown < page.total()) {
            out.append(" (offset ").append(page.offset());
            if (page.offset() + shown < page.total()) {
                out.append("; more with --offset ").append(page.offset() + shown);
            }
            out.append(')');
        }
        return out.append('\n').toString();
    }

    /** JSON-like rendering of parameter maps and lists for one-line display. */
    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        json(value, out);
        return out.toString();
    }

    private static void json(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                out.append('"').append(e.getKey()).append("\": ");
                json(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                json(item, out);
            }
            out.append(']');
        } else if (value instanceof String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        } else {
            out.append(value);
        }
    }
}

package org.dataanalyst.tests.support;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Writes section content as JSON text, failing on anything that is not JSON-compatible. */
public final class JsonCheck {
    private JsonCheck() {
    }

    public static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb);
        return sb.toString();
    }

    private static void write(Object v, StringBuilder sb) {
        if (v == null || v instanceof Boolean || v instanceof Long || v instanceof Integer || v instanceof BigDecimal) {
            sb.append(v);
        } else if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new AssertionError("not JSON: " + d);
            }
            sb.append(d);
        } else if (v instanceof String s) {
            sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new AssertionError("not a JSON key: " + e.getKey());
                }
                sb.append(first ? "" : ",");
                first = false;
                write(e.getKey(), sb);
                sb.append(':');
                write(e.getValue(), sb);
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                write(l.get(i), sb);
            }
            sb.append(']');
        } else {
            throw new AssertionError("not JSON-compatible: " + v.getClass().getName() + " " + v);
        }
    }
}

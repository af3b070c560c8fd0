package org.dataanalyst.connector.files.internal;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** SQL text helpers: literals and identifiers, always quoted. */
final class Sql {

    private Sql() {
    }

    /** @return an SQL string literal: {@code 'it''s'} */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** @return the file's absolute path as an SQL string literal */
    static String literal(Path file) {
        return literal(file.toAbsolutePath().toString());
    }

    /** @return a quoted identifier: {@code "a ""b"""} */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** @return a list of string literals: {@code ['a', 'b']} */
    static String list(Collection<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (Iterator<String> it = values.iterator(); it.hasNext();) {
            sb.append(literal(it.next()));
            if (it.hasNext()) {
                sb.append(", ");
            }
        }
        return sb.append(']').toString();
    }

    /** @return a struct of string literals, e.g. {@code {'id': 'BIGINT', 'name': 'VARCHAR'}} */
    static String struct(Map<String, String> entries) {
        StringBuilder sb = new StringBuilder("{");
        for (Iterator<Map.Entry<String, String>> it = entries.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, String> e = it.next();
            sb.append(literal(e.getKey())).append(": ").append(literal(e.getValue()));
            if (it.hasNext()) {
                sb.append(", ");
            }
        }
        return sb.append('}').toString();
    }
}

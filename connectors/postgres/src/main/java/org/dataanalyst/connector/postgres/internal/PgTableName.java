package org.dataanalyst.connector.postgres.internal;

import java.util.ArrayList;
import java.util.List;

import org.dataanalyst.api.InvalidRequestException;

/**
 * The option {@code table}: {@code table} or {@code schema.table}. Names are taken exactly as written
 * (case-sensitive, as {@code tables()} lists them); a part in double quotes may contain dots
 * ({@code "my.schema"."Orders"}).
 *
 * @param schema the schema, or {@code null} for the connection's search path
 * @param name   the table or view
 */
record PgTableName(String schema, String name) {

    static PgTableName parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("option table is empty");
        }
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String s = text.strip();
        int i = 0;
        boolean quoted = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        current.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '.') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
            i++;
        }
        parts.add(current.toString());
        if (quoted || parts.size() > 2 || parts.stream().anyMatch(String::isEmpty)) {
            throw new InvalidRequestException("option table must be table or schema.table (double quotes around a name "
                    + "that contains a dot), was '" + text + "'");
        }
        return parts.size() == 1 ? new PgTableName(null, parts.get(0)) : new PgTableName(parts.get(0), parts.get(1));
    }

    /** A double-quoted SQL identifier. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}

package org.dataanalyst.connector.sqlite.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.spi.connector.SourceSpec;

/**
 * A checked sqlite source spec.
 *
 * @param file     the location without a {@code jdbc:sqlite:} prefix: a path for {@code resolveFile}
 * @param table    option {@code table}, or {@code null}
 * @param query    option {@code query} (checked to be one read-only statement), or {@code null}
 * @param types    option {@code types}: engine types by column name
 * @param unixTime option {@code unix_time}: how integers in date/time columns count
 */
record SqliteSpec(String file, String table, String query, Map<String, String> types, SqliteTypes.UnixTime unixTime) {

    static final Set<String> OPTIONS = Set.of("table", "query", "types", "unix_time");

    /**
     * @param forTables {@code true} for listing tables: then neither table nor query is needed
     * @throws InvalidRequestException saying which option is wrong and why
     */
    static SqliteSpec of(SourceSpec spec, boolean forTables) {
        String location = spec.location() == null ? "" : spec.location().strip();
        if (location.regionMatches(true, 0, "jdbc:sqlite:", 0, "jdbc:sqlite:".length())) {
            location = location.substring("jdbc:sqlite:".length());
        }
        if (location.isEmpty()) {
            throw new InvalidRequestException("a sqlite source needs a location: the path of the database file "
                    + "(in an import folder, or relative to the project, e.g. raw/<upload>/shop.db)");
        }
        Map<String, Object> options = spec.options();
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(OPTIONS);
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("unknown sqlite option(s) " + unknown + "; known: " + new TreeSet<>(OPTIONS));
        }
        String table = text(options, "table");
        String query = text(options, "query");
        if (!forTables) {
            if (table == null && query == null) {
                throw new InvalidRequestException("a sqlite source needs option table or option query (a read-only SELECT)");
            }
            if (table != null && query != null) {
                throw new InvalidRequestException("a sqlite source takes option table or option query, not both");
            }
        }
        String statement = null;
        if (query != null) {
            try {
                statement = SqlText.readOnlyStatement(query);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("option query: " + e.getMessage());
            }
        }
        String unix = text(options, "unix_time");
        SqliteTypes.UnixTime unixTime;
        if (unix == null || unix.equalsIgnoreCase("seconds")) {
            unixTime = SqliteTypes.UnixTime.SECONDS;
        } else if (unix.equalsIgnoreCase("milliseconds")) {
            unixTime = SqliteTypes.UnixTime.MILLISECONDS;
        } else {
            throw new InvalidRequestException("option unix_time must be seconds or milliseconds, was '"
                    + unix.toLowerCase(Locale.ROOT) + "'");
        }
        return new SqliteSpec(location, table, statement, SqliteReader.types(options.get("types")), unixTime);
    }

    private static String text(Map<String, Object> options, String key) {
        Object v = options.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new InvalidRequestException("option " + key + " must be a string");
        }
        return s.isBlank() ? null : s;
    }

    /** The JSON Schema of the options, for the connector's descriptor (a form in the UI). */
    static Map<String, Object> optionsSchema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("table", Map.of("type", "string", "title", "Table",
                "description", "A table or view of the file; give table or query"));
        properties.put("query", Map.of("type", "string", "title", "Query",
                "description", "One read-only SELECT (or WITH, VALUES) over the file"));
        properties.put("types", Map.of("type", "object", "title", "Column types",
                "description", "Engine types overriding the declared ones, e.g. {\"age\": \"VARCHAR\"}: "
                        + SqliteTypes.ENGINE_TYPES,
                "additionalProperties", Map.of("type", "string")));
        properties.put("unix_time", Map.of("type", "string", "title", "Unix time unit", "enum", List.of("seconds", "milliseconds"),
                "default", "seconds", "description", "How integers in DATE/DATETIME/TIMESTAMP columns count time since 1970"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("oneOf", List.of(Map.of("required", List.of("table")), Map.of("required", List.of("query"))));
        schema.put("additionalProperties", false);
        return schema;
    }
}

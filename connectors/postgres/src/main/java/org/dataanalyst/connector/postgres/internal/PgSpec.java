package org.dataanalyst.connector.postgres.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.spi.connector.SourceSpec;

/**
 * A checked postgres source spec: where to connect ({@link PgSource}) and what to read.
 *
 * @param source                the server and login, secrets unresolved
 * @param table                 option {@code table}, or {@code null}
 * @param query                 option {@code query} (checked to be one read-only statement), or {@code null}
 * @param fetchSize             rows per round trip
 * @param connectTimeoutSeconds connect and login timeout
 */
record PgSpec(PgSource source, PgTableName table, String query, int fetchSize, int connectTimeoutSeconds) {

    static final int DEFAULT_FETCH_SIZE = 10_000;
    static final int DEFAULT_CONNECT_TIMEOUT = 10;
    static final Set<String> OPTIONS = Set.of("table", "query", "user", "password", "fetch_size", "connect_timeout_seconds");

    /**
     * @param forTables {@code true} for listing tables: then neither table nor query is needed
     * @throws InvalidRequestException saying which option is wrong and why
     */
    static PgSpec of(SourceSpec spec, boolean forTables) {
        Map<String, Object> options = spec.options();
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(OPTIONS);
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("unknown postgres option(s) " + unknown + "; known: "
                    + new TreeSet<>(OPTIONS));
        }
        String table = text(options, "table");
        String query = text(options, "query");
        if (!forTables) {
            if (table == null && query == null) {
                throw new InvalidRequestException("a postgres source needs option table (schema.table) or option query "
                        + "(a read-only SELECT)");
            }
            if (table != null && query != null) {
                throw new InvalidRequestException("a postgres source takes option table or option query, not both");
            }
        }
        PgTableName tableName = table == null ? null : PgTableName.parse(table);
        String statement = null;
        if (query != null) {
            try {
                statement = SqlText.readOnlyStatement(query);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("option query: " + e.getMessage());
            }
        }
        int fetchSize = positive(options, "fetch_size", DEFAULT_FETCH_SIZE);
        PgSource source = PgSource.parse(spec.location(), text(options, "user"), text(options, "password"));
        int timeout = options.containsKey("connect_timeout_seconds") || source.connectTimeoutFromLocation() == null
                ? positive(options, "connect_timeout_seconds", DEFAULT_CONNECT_TIMEOUT)
                : source.connectTimeoutFromLocation();
        return new PgSpec(source, tableName, statement, fetchSize, timeout);
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

    private static int positive(Map<String, Object> options, String key, int defaultValue) {
        Object v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        long n;
        if (v instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            n = number.longValue();
        } else if (v instanceof String s && s.strip().matches("\\d{1,9}")) {
            n = Long.parseLong(s.strip());
        } else {
            throw new InvalidRequestException("option " + key + " must be a positive whole number, was " + v);
        }
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new InvalidRequestException("option " + key + " must be a positive whole number, was " + v);
        }
        return (int) n;
    }

    /** The JSON Schema of the options, for the connector's descriptor (a form in the UI). */
    static Map<String, Object> optionsSchema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("table", Map.of("type", "string", "title", "Table",
                "description", "schema.table or table (exact names, as listed); give table or query"));
        properties.put("query", Map.of("type", "string", "title", "Query",
                "description", "One read-only SELECT (WITH, VALUES and TABLE too); runs in a read-only transaction"));
        properties.put("user", Map.of("type", "string", "title", "User",
                "description", "Login user; overrides a user in the location"));
        properties.put("password", Map.of("type", "string", "title", "Password", "format", "password", "writeOnly", true,
                "description", "Login password, or ${secret:name}; stored as a project secret, never shown"));
        properties.put("fetch_size", Map.of("type", "integer", "title", "Fetch size", "minimum", 1,
                "default", DEFAULT_FETCH_SIZE, "description", "Rows per round trip to the server"));
        properties.put("connect_timeout_seconds", Map.of("type", "integer", "title", "Connect timeout (s)", "minimum", 1,
                "default", DEFAULT_CONNECT_TIMEOUT, "description", "Seconds to wait for the server to answer a connection"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("oneOf", List.of(Map.of("required", List.of("table")), Map.of("required", List.of("query"))));
        schema.put("additionalProperties", false);
        return schema;
    }
}

package org.dataanalyst.profiling.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Option checks against a profiler's schema, and what a profiler's own query may be. */
class ChecksTest {

    static final Map<String, Object> SCHEMA = Map.of("type", "object", "additionalProperties", false, "properties", Map.of(
            "top_k", Map.of("type", "integer", "minimum", 1, "maximum", 100),
            "mode", Map.of("type", "string", "enum", List.of("fast", "exact")),
            "columns", Map.of("type", "array", "items", Map.of("type", "string"))));

    @Test
    void optionsAreCheckedAgainstTheCommonPartOfTheSchema() {
        assertEquals(List.of(), OptionsCheck.problems("o", Map.of("top_k", 5, "mode", "fast", "columns", List.of("a")), SCHEMA));
        assertEquals(List.of(), OptionsCheck.problems("o", Map.of("top_k", 5.0), SCHEMA), "5.0 is an integer in JSON");
        assertEquals(List.of("o.top_k must be at most 100, was 500", "o.mode must be one of ['fast', 'exact'], was 'slow'",
                "o.columns[1] must be a string, was 3", "o.x is not an option; known options: columns, mode, top_k"),
                OptionsCheck.problems("o", new java.util.LinkedHashMap<>(Map.of()) {
                    {
                        put("top_k", 500);
                        put("mode", "slow");
                        put("columns", List.of("a", 3));
                        put("x", true);
                    }
                }, sorted(SCHEMA)));
        assertEquals(List.of("o must be an object, was an array"), OptionsCheck.problems("o", List.of(), SCHEMA));
    }

    private static Map<String, Object> sorted(Map<String, Object> schema) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(schema);
        copy.put("properties", new java.util.TreeMap<>((Map<?, ?>) schema.get("properties")));
        return copy;
    }

    @Test
    void aProfilersOwnQueryMustBeOneReadOnlyStatement() {
        for (String sql : List.of("SELECT 1", "  -- note\n select * from data", "/* x */ WITH t AS (SELECT 1) SELECT * FROM t",
                "FROM data LIMIT 3", "SUMMARIZE data", "DESCRIBE data", "(SELECT 1)", "SELECT ';' AS x;", "SELECT 1; -- end")) {
            assertDoesNotThrow(() -> ProfilerQueries.checkReadOnly(sql), sql);
        }
        for (String sql : List.of("COPY data TO 'x.csv'", "CREATE TABLE t AS SELECT 1", "SELECT 1; DROP VIEW data",
                "INSERT INTO t VALUES (1)", "ATTACH 'x.db'", "", "-- only a comment", "SET threads = 1")) {
            assertThrows(IllegalArgumentException.class, () -> ProfilerQueries.checkReadOnly(sql), sql);
        }
    }
}

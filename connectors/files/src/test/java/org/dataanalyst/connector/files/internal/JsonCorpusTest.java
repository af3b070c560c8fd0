package org.dataanalyst.connector.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every json-edge file behaves as tests/corpus/README.md describes it: read with the expected rows and
 * column types, or refused with a message naming the file (and the line for newline-delimited files).
 */
class JsonCorpusTest extends EngineTest {

    /**
     * The expected outcome of one file.
     *
     * @param rows    rows staged, or -1 when it must fail
     * @param columns "name TYPE" of some columns, checked when given
     * @param failure the start of the failure message, when it must fail
     */
    record Outcome(long rows, Map<String, String> columns, String failure) {
        static Outcome rows(long rows, String... columns) {
            Map<String, String> c = new LinkedHashMap<>();
            for (String column : columns) {
                int space = column.indexOf(' ');
                c.put(column.substring(0, space), column.substring(space + 1));
            }
            return new Outcome(rows, c, null);
        }

        static Outcome fails(String failure) {
            return new Outcome(-1, Map.of(), failure);
        }
    }

    static final Map<String, Outcome> EXPECTED = new LinkedHashMap<>();
    static {
        EXPECTED.put("12188.ndjson", Outcome.rows(2, "field2 STRUCT(subfield1 VARCHAR, subfield2 VARCHAR)"));
        EXPECTED.put("14167.json", Outcome.rows(1, "location VARCHAR"));
        // not records: the values go into one column named json (records=true refuses them, see JsonPlannerTest)
        EXPECTED.put("arr.json", Outcome.rows(2, "json JSON"));
        EXPECTED.put("array_of_empty_arrays.json", Outcome.rows(3, "json JSON[]"));
        EXPECTED.put("different_schemas.ndjson", Outcome.rows(5, "id BIGINT", "name VARCHAR"));
        // keys differing only in case: renamed (column names ignore case), nothing lost
        EXPECTED.put("duplicate_column_names.json", Outcome.rows(1, "id BIGINT", "Id_1 BIGINT", "iD_2 BIGINT",
                "ID_3 BIGINT"));
        // a record with the same key twice is ambiguous: refused with its line
        EXPECTED.put("duplicate_key.ndjson", Outcome.fails("duplicate_key.ndjson line 3: "));
        EXPECTED.put("empty.ndjson", Outcome.fails("empty.ndjson is empty"));
        EXPECTED.put("empty_array.json", Outcome.fails("empty_array.json contains no records"));
        EXPECTED.put("empty_no_newline.json", Outcome.fails("empty_no_newline.json contains no records"));
        EXPECTED.put("example_n.ndjson", Outcome.rows(5, "id BIGINT", "name VARCHAR"));
        EXPECTED.put("example_r.ndjson", Outcome.rows(5, "id BIGINT", "name VARCHAR"));
        EXPECTED.put("example_rn.ndjson", Outcome.rows(5, "id BIGINT", "name VARCHAR"));
        EXPECTED.put("inconsistent_schemas.ndjson", Outcome.rows(5, "id JSON", "name VARCHAR"));
        EXPECTED.put("map_of_mixed_date_timestamps.jsonl", Outcome.rows(1));
        EXPECTED.put("map_of_nulls.jsonl", Outcome.rows(100));
        EXPECTED.put("multiple_objects_per_line.ndjson", Outcome.rows(5, "id BIGINT", "name VARCHAR"));
        EXPECTED.put("projection_pushdown_example.json", Outcome.rows(1, "createdAt TIMESTAMP WITH TIME ZONE",
                "databaseId BIGINT"));
        EXPECTED.put("sample_utf8_bom.json", Outcome.rows(1, "users STRUCT(id BIGINT, \"name\" VARCHAR, email VARCHAR)[]"));
        EXPECTED.put("simple_timestamp.json", Outcome.rows(1, "ts TIMESTAMP WITH TIME ZONE[]"));
        EXPECTED.put("timestamp_example.json", Outcome.rows(1, "createdAt TIMESTAMP WITH TIME ZONE"));
        EXPECTED.put("top_level_array.json", Outcome.rows(2, "conclusion VARCHAR"));
        EXPECTED.put("top_level_map.jsonl", Outcome.rows(100, "json MAP(VARCHAR, BIGINT)"));
        // a .json file is one JSON document: a second top-level array after the first is an error
        EXPECTED.put("top_level_two_arrays.json", Outcome.fails("top_level_two_arrays.json: not valid JSON"));
        EXPECTED.put("trailing_content.ndjson", Outcome.fails("trailing_content.ndjson line 2: not valid JSON"));
        EXPECTED.put("union.ndjson", Outcome.rows(3, "data STRUCT(\"name\" VARCHAR, age BIGINT, veteran BOOLEAN)"));
        EXPECTED.put("unterminated_quotes.ndjson", Outcome.fails("unterminated_quotes.ndjson line 3: not valid JSON"));
        EXPECTED.put("whitespace_only.json", Outcome.fails("whitespace_only.json is empty"));
        EXPECTED.put("with_list.json", Outcome.rows(5, "id BIGINT", "name VARCHAR[]"));
        EXPECTED.put("with_uuid.json", Outcome.rows(5, "id UUID", "name VARCHAR"));
        EXPECTED.put("malformed/array_comma_malformed.json", Outcome.fails("array_comma_malformed.json: not valid JSON"));
        EXPECTED.put("malformed/empty_array_trailing.json", Outcome.fails("empty_array_trailing.json: not valid JSON "
                + "(there is content after the closing ] of the top-level array)"));
        // DuckDB keeps it under malformed/ because its union test wants an object there; as a file it is
        // valid NDJSON with one record, and nothing in it is malformed: read, not refused
        EXPECTED.put("malformed/union/non_object.ndjson", Outcome.rows(1, "data BIGINT"));
    }

    static Stream<String> files() {
        return EXPECTED.keySet().stream();
    }

    @Test
    void everyCorpusFileHasAnExpectation() throws IOException {
        Path dir = Corpus.dir().resolve("json-edge");
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(p -> present.add(dir.relativize(p).toString().replace('\\', '/')));
        }
        assertEquals(present, new TreeSet<>(EXPECTED.keySet()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void behavesAsDescribed(String name) throws Exception {
        Path file = Corpus.dir().resolve("json-edge").resolve(name);
        String kind = name.endsWith(".ndjson") ? "ndjson" : name.endsWith(".jsonl") ? "jsonl" : "json";
        Outcome expected = EXPECTED.get(name);

        String failure = null;
        JsonPlanner.JsonPlan plan = null;
        QueryResult staged = null;
        try {
            plan = new JsonPlanner(sql()).plan(file, kind, JsonOptions.parse(kind, Map.of()), false);
            staged = stage(plan.scan());
        } catch (SourceFailure e) {
            failure = e.getMessage();
        } catch (EngineException e) {
            failure = EngineErrors.json(file.getFileName().toString(), e.getMessage()); // as JsonConnector does
        }
        if (expected.failure() != null) {
            if (failure == null) {
                fail(name + " must be refused, but gave " + staged.rows().size() + " rows");
            }
            assertTrue(failure.startsWith(expected.failure()), name + ": " + failure);
            return;
        }
        assertNull(failure, name);
        assertEquals(expected.rows(), staged.rows().size(), name + ": rows");
        Map<String, String> types = new LinkedHashMap<>();
        plan.columns().forEach(c -> types.put(c.name(), c.type()));
        expected.columns().forEach((column, type) -> assertEquals(type, types.get(column), name + ": column " + column));
        assertEquals(plan.columns().stream().map(Column::name).toList(),
                staged.columns().stream().map(Column::name).toList(), name + ": staged columns");
    }

    @Test
    void keysDifferingInCaseAreNamedInTheLog() throws Exception {
        Path file = Corpus.dir().resolve("json-edge/duplicate_column_names.json");
        JsonPlanner.JsonPlan plan = new JsonPlanner(sql()).plan(file, "json", JsonOptions.parse("json", Map.of()), false);
        assertEquals(List.of("keys that differ from an earlier key only in case were renamed (column names ignore "
                + "case): Id → Id_1, iD → iD_2, ID → ID_3"), plan.notes());
    }
}

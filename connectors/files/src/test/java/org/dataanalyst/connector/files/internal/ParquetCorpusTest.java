package org.dataanalyst.connector.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every Parquet file of the corpus ingests with the rows, columns, nested kinds, REQUIRED columns and
 * null counts of {@code parquet/EXPECTED.json} (pyarrow's reading), or is refused cleanly where pyarrow
 * could not even open it.
 */
class ParquetCorpusTest extends EngineTest {

    /**
     * Where EXPECTED.json's {@code num_rows} (the footer's figure) is not the number of rows in the file.
     */
    private static final Map<String, Long> ROWS_NOT_AS_IN_FOOTER = Map.of(
            // written by parquet-rs 0.3.0 with num_rows 0 in the footer; its one row group holds 6 rows
            // (parquet_metadata's row_group_num_rows), and pyarrow's null count of 2 for phoneNumbers needs them
            "parquet-testing/repeated_no_annotation.parquet", 6L);

    /**
     * Files pyarrow reads but DuckDB 2.0 cannot: the ingest must fail cleanly, naming the file. When the
     * engine learns to read one, this test fails and the entry goes.
     */
    private static final Map<String, String> ENGINE_CANNOT_READ = Map.of(
            // parquet-cpp 1.5.1 data page v2 with a wrong is_compressed flag (ARROW-17100); col2 fails
            "arrow-testing/ARROW-17100.parquet", "is not a readable Parquet file: Out of buffer");

    static Stream<Arguments> files() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(Corpus.dir().resolve("parquet/EXPECTED.json").toFile());
        List<Arguments> files = new ArrayList<>();
        expected.get("files").forEach(f -> files.add(Arguments.of(f.get("file").asText(), f)));
        return files.stream();
    }

    @Test
    void theManifestListsTheCorpus() throws IOException {
        assertTrue(files().count() >= 39, "EXPECTED.json lists the corpus's Parquet files");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void ingestsAsExpected(String name, JsonNode expected) throws Exception {
        Path file = Corpus.dir().resolve("parquet").resolve(name);
        ParquetPlanner planner = new ParquetPlanner(sql());
        if (expected.has("open_ok") && !expected.get("open_ok").asBoolean()) {
            String message = failure(() -> planner.plan(file));
            assertTrue(message.startsWith(file.getFileName() + " is not a readable Parquet file: "), name + ": " + message);
            return;
        }
        ParquetPlanner.ParquetPlan plan = planner.plan(file);
        boolean pyarrowRead = !expected.has("read_ok") || expected.get("read_ok").asBoolean();
        if (ENGINE_CANNOT_READ.containsKey(name) || !pyarrowRead) {
            QueryResult staged;
            try {
                staged = stage(plan.scan());
            } catch (EngineException e) {
                // what ParquetConnector makes of a failed scan
                String message = EngineErrors.parquet(file.getFileName().toString(), e.getMessage());
                assertTrue(message.startsWith(file.getFileName() + " "), name + ": " + message);
                if (ENGINE_CANNOT_READ.containsKey(name)) {
                    assertTrue(message.contains(ENGINE_CANNOT_READ.get(name)), name + ": " + message);
                }
                return;
            }
            assertFalse(ENGINE_CANNOT_READ.containsKey(name), name + " is read now: drop it from ENGINE_CANNOT_READ");
            assertEquals(expected.get("num_rows").asLong(), staged.rows().size(), name + ": rows");
            return;
        }
        QueryResult staged = stage(plan.scan());

        long rows = ROWS_NOT_AS_IN_FOOTER.getOrDefault(name, expected.get("num_rows").asLong());
        assertEquals(rows, staged.rows().size(), name + ": rows");

        Map<String, String> arrow = new LinkedHashMap<>();
        for (JsonNode field : expected.get("arrow_schema")) {
            String text = field.asText();
            int colon = text.indexOf(": ");
            arrow.put(text.substring(0, colon), text.substring(colon + 2));
        }
        List<String> names = plan.columns().stream().map(Column::name).toList();
        assertEquals(List.copyOf(arrow.keySet()), names, name + ": columns");
        assertEquals(names, staged.columns().stream().map(Column::name).toList(), name + ": staged columns");

        Set<String> required = new TreeSet<>();
        for (Column c : plan.columns()) {
            String type = arrow.get(c.name());
            if (type.endsWith(" NOT NULL")) {
                required.add(c.name());
            }
            String engineType = c.type();
            if (type.startsWith("list<") || type.startsWith("large_list<") || type.startsWith("fixed_size_list<")) {
                assertTrue(engineType.endsWith("]"), name + ": " + c.name() + " is a list, not " + engineType);
            } else if (type.startsWith("struct<")) {
                assertTrue(engineType.startsWith("STRUCT("), name + ": " + c.name() + " is a struct, not " + engineType);
            } else if (type.startsWith("map<")) {
                assertTrue(engineType.startsWith("MAP("), name + ": " + c.name() + " is a map, not " + engineType);
            }
        }
        assertEquals(required, new TreeSet<>(plan.notNull()), name + ": REQUIRED columns declared not null");

        if (expected.has("null_counts")) {
            Map<String, Long> nulls = new LinkedHashMap<>();
            expected.get("null_counts").fields().forEachRemaining(e -> nulls.put(e.getKey(), e.getValue().asLong()));
            Map<String, Long> actual = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                final int column = i;
                actual.put(names.get(i), staged.rows().stream().filter(r -> r.get(column) == null).count());
            }
            assertEquals(nulls, actual, name + ": null counts");
        }
    }
}

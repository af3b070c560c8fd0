package org.dataanalyst.connector.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.engine.QueryResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every csv-spectrum file gives exactly the rows of {@code expected-json/<name>.json} (values as text,
 * read with all_varchar), and ingests with detected types as well.
 */
class CsvCorpusTest extends EngineTest {

    static Stream<String> files() throws IOException {
        try (Stream<Path> files = Files.list(Corpus.dir().resolve("csv-spectrum/csvs"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void givesTheExpectedRowsAsText(String name) throws Exception {
        Path csv = Corpus.dir().resolve("csv-spectrum/csvs").resolve(name);
        List<Map<String, String>> expected = expected(name);

        CsvPlanner.CsvPlan plan = new CsvPlanner(sql()).plan(csv, false,
                CsvOptions.parse("csv", Map.of("all_varchar", true)), false);
        QueryResult result = rows(plan.scan());

        List<String> names = result.columns().stream().map(Column::name).toList();
        assertEquals(List.copyOf(expected.get(0).keySet()), names, name + ": column names");
        List<Map<String, String>> actual = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            Map<String, String> record = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                record.put(names.get(i), (String) row.get(i));
            }
            actual.add(record);
        }
        assertEquals(expected, actual, name + ": rows");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void ingestsWithDetectedTypes(String name) throws Exception {
        Path csv = Corpus.dir().resolve("csv-spectrum/csvs").resolve(name);
        CsvPlanner.CsvPlan plan = new CsvPlanner(sql()).plan(csv, false, CsvOptions.parse("csv", Map.of()), false);
        QueryResult staged = stage(plan.scan());
        assertEquals(expected(name).size(), staged.rows().size(), name + ": rows staged");
        assertEquals(plan.columns().stream().map(Column::name).toList(),
                staged.columns().stream().map(Column::name).toList(), name + ": columns staged");
    }

    private static List<Map<String, String>> expected(String csvName) throws IOException {
        Path json = Corpus.dir().resolve("csv-spectrum/expected-json").resolve(csvName.replace(".csv", ".json"));
        return new ObjectMapper().readValue(json.toFile(), new TypeReference<List<LinkedHashMap<String, String>>>() {
        }).stream().map(m -> (Map<String, String>) m).toList();
    }
}

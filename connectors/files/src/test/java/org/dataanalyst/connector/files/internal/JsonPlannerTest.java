package org.dataanalyst.connector.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.engine.QueryResult;
import org.junit.jupiter.api.Test;

/** The JSON planner against a real DuckDB: formats, options, malformed lines under FAIL and SKIP. */
class JsonPlannerTest extends EngineTest {

    private JsonPlanner.JsonPlan plan(Path file, String kind, Map<String, Object> options, boolean skip)
            throws Exception {
        return new JsonPlanner(sql()).plan(file, kind, JsonOptions.parse(kind, options), skip);
    }

    private static List<String> types(JsonPlanner.JsonPlan plan) {
        return plan.columns().stream().map(Column::type).toList();
    }

    @Test
    void readsNestedRecords() throws Exception {
        Path f = file("orders.json", "[{\"id\": 1, \"customer\": {\"name\": \"Ann\", \"tags\": [\"a\", \"b\"]}},\n"
                + " {\"id\": 2, \"customer\": {\"name\": \"Bob\", \"tags\": []}}]");
        JsonPlanner.JsonPlan plan = plan(f, "json", Map.of(), false);
        assertEquals(List.of("BIGINT", "STRUCT(\"name\" VARCHAR, tags VARCHAR[])"), types(plan));
        assertEquals("array", plan.metadata().get("format"));
        assertEquals(2, stage(plan.scan()).rows().size());
    }

    @Test
    void optionsReachTheReader() throws Exception {
        Path f = file("events.ndjson", "{\"id\": 1, \"day\": \"25/12/2024\", \"meta\": {\"a\": {\"b\": 1}}}\n"
                + "{\"id\": 2, \"day\": \"13/01/2025\", \"meta\": {\"a\": {\"b\": 2}}}\n");
        JsonPlanner.JsonPlan plan = plan(f, "ndjson", Map.of("date_format", "%d/%m/%Y", "maximum_depth", 2), false);
        assertEquals(List.of("BIGINT", "DATE", "STRUCT(a JSON)"), types(plan));
        QueryResult r = rows(plan.scan());
        assertEquals(LocalDate.of(2024, 12, 25), r.rows().get(0).get(1));
        assertEquals("%d/%m/%Y", plan.metadata().get("date_format"));

        JsonPlanner.JsonPlan values = plan(f, "ndjson", Map.of("records", false), false);
        assertEquals(List.of("json"), values.columns().stream().map(Column::name).toList());

        Path scalars = file("scalars.json", "[4, \"hello\"]");
        assertEquals("scalars.json: holds values that are not objects while the option records is true",
                failure(() -> plan(scalars, "json", Map.of("records", true), false)));
    }

    @Test
    void theFormatCanBeSet() throws Exception {
        Path cr = file("cr.ndjson", "{\"a\": 1}\r{\"a\": 2}\r{\"a\": 3}");
        JsonPlanner.JsonPlan fallback = plan(cr, "ndjson", Map.of(), false);
        assertEquals("auto", fallback.metadata().get("format"));
        assertEquals(3, rows(fallback.scan()).rows().size());
        assertEquals(List.of("cr.ndjson is not one JSON value per line; read as a sequence of JSON values"),
                fallback.notes());

        String message = failure(() -> plan(cr, "ndjson", Map.of("format", "newline_delimited"), false));
        assertTrue(message.startsWith("cr.ndjson line 1: not valid JSON (unexpected content after document"), message);

        Path lines = file("lines.json", "{\"a\": 1}\n{\"a\": 2}\n");
        assertEquals(2, rows(plan(lines, "json", Map.of("format", "newline_delimited"), false).scan()).rows().size());
    }

    @Test
    void refusesEmptyFilesAndFilesWithoutRecords() throws Exception {
        assertEquals("a.json is empty", failure(() -> plan(file("a.json", ""), "json", Map.of(), false)));
        assertEquals("b.ndjson is empty", failure(() -> plan(file("b.ndjson", "\n \n"), "ndjson", Map.of(), false)));
        assertEquals("c.json contains no records", failure(() -> plan(file("c.json", " [ ] "), "json", Map.of(), false)));
        assertEquals("d.json is UTF-16 encoded; JSON files must be UTF-8", failure(() -> plan(file("d.json",
                ("\uFEFF[{\"a\": 1}]").getBytes(StandardCharsets.UTF_16LE)), "json", Map.of(), false)));
    }

    @Test
    void failsNamingTheLineEvenFarIntoTheFile() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 60000; i++) {
            sb.append(i == 45678 ? "{\"id\": 45678, \"name\": \"broken}" : "{\"id\": " + i + ", \"name\": \"n" + i + "\"}")
                    .append('\n');
        }
        Path f = file("big.ndjson", sb.toString());
        String message;
        try {
            JsonPlanner.JsonPlan plan = plan(f, "ndjson", Map.of(), false);
            stage(plan.scan());
            message = null;
        } catch (SourceFailure e) {
            message = e.getMessage();
        } catch (org.dataanalyst.api.engine.EngineException e) {
            message = EngineErrors.json("big.ndjson", e.getMessage());
        }
        assertTrue(message != null && message.startsWith("big.ndjson line 45678: not valid JSON"), message);
    }

    @Test
    void skipsMalformedLinesAndListsThem() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 30000; i++) {
            String line = switch (i) {
                case 7 -> "{\"id\": 7}TRAILER";
                case 8 -> "";
                case 29999 -> "{\"id\": 29999, \"name\": \"open}";
                default -> "{\"id\": " + i + ", \"name\": \"n" + i + "\"}";
            };
            sb.append(line).append("\r\n"); // Windows line ends
        }
        Path f = file("skip.ndjson", sb.toString());
        JsonPlanner.JsonPlan plan = plan(f, "ndjson", Map.of(), true);
        QueryResult staged = stage(plan.scan());
        assertEquals(30000 - 3, staged.rows().size(), "two malformed lines and one blank line are not rows");
        assertTrue(staged.rows().stream().noneMatch(r -> r.get(0) == null), "no rows of nulls");

        QueryResult rejects = session.query(plan.rejects());
        assertEquals(List.of("line", "error", "content"), rejects.columns().stream().map(Column::name).toList());
        assertEquals(List.of(List.of(7L, "not valid JSON", "{\"id\": 7}TRAILER"),
                List.of(29999L, "not valid JSON", "{\"id\": 29999, \"name\": \"open}")), rejects.rows());
    }

    @Test
    void keepsRowsOfNullsWhenTheyCannotBeToldFromRecords() throws Exception {
        Path f = file("nulls.ndjson", "{\"id\": 1}\n{\"id\": null}\n{\"id\": 3}oops\n{\"id\": 4}\n");
        JsonPlanner.JsonPlan plan = plan(f, "ndjson", Map.of(), true);
        assertEquals(4, stage(plan.scan()).rows().size());
        assertEquals(List.of("nulls.ndjson: 1 malformed lines are skipped, but the file also holds records whose values "
                + "are all null, so the 2 rows of nulls are kept"), plan.notes());
        assertEquals(1, session.query(plan.rejects()).rows().size());
    }

    @Test
    void skippingDoesNotApplyToOneDocument() throws Exception {
        Path f = file("doc.json", "[{\"a\": 1}, {\"a\": }]");
        assertTrue(failure(() -> plan(f, "json", Map.of(), true)).startsWith("doc.json: not valid JSON"));
        Path ok = file("ok.json", "[{\"a\": 1}]");
        assertNull(plan(ok, "json", Map.of(), true).rejects());
    }
}

package org.dataanalyst.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Profiling through the HTTP API against the real platform process (one server for the class): a generated CSV
 * with known properties — NULLs, exact duplicate rows, a constant column, a skewed column, e-mails — uploaded,
 * profiled, and its {@code profile.json} checked against figures computed here; {@code profile.html} is one small
 * self-contained file; equal requests reuse the run; a dataset without a version is refused; the profilers are
 * listed; the built-in columns profiler uninstalled and installed again while the server runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProfileApiTest extends ServerTest {

    static final String COLUMNS_PROFILER = "org.dataanalyst.profiler.columns";
    /** Links that would fetch something from the network when the report is opened. */
    static final Pattern NETWORK_REFERENCE = Pattern.compile(
            "(?i)\\b(?:src|href|action|srcset)\\s*=\\s*[\"']?\\s*(?:https?:)?//|url\\(\\s*[\"']?\\s*(?:https?:)?//|@import\\s+[\"']?(?:https?:)?//");

    static Ingest ingest;
    static Orders orders;
    static String datasetId;

    @BeforeAll
    static void ingestOrders() throws IOException {
        ingest = Ingest.newProject(api, "profile");
        orders = Orders.generate(temp.resolve("orders.csv"));
        Api.Response accepted = ingest.upload(orders.file(), Map.of("name", "orders"));
        ingest.succeeded(accepted);
        datasetId = Ingest.datasetId(accepted);
    }

    @Test
    @Order(1)
    void aProfileOfTheUploadedCsvHasTheFiguresComputedHere() throws IOException {
        JsonNode run = profile(datasetId, false, 202);
        JsonNode version = ingest.dataset(datasetId).get("latest");
        assertEquals(version.get("id").asText(), run.get("dataset_version_id").asText(), run::toString);

        JsonNode profile = profileJson(run);
        assertEquals("data-analyst/profile", profile.get("format").asText(), profile::toString);
        assertEquals(1, profile.get("format_version").asInt());
        assertEquals(run.get("id").asText(), profile.get("run_id").asText());
        JsonNode dataset = profile.get("dataset");
        assertEquals(datasetId, dataset.get("id").asText());
        assertEquals("orders", dataset.get("name").asText());
        assertEquals(1, dataset.get("version").asInt());
        assertEquals(version.get("id").asText(), dataset.get("version_id").asText());
        assertEquals(orders.rows(), dataset.get("rows").asLong(), dataset::toString);
        assertEquals(Orders.HEADER.size(), dataset.get("columns").asInt(), dataset::toString);
        assertEquals(0, profile.get("failures").size(), () -> "no profiler failed: " + profile.get("failures"));

        // the quality section: rows, missing cells and duplicates, exact
        JsonNode quality = profile.get("sections").get("quality");
        assertNotNull(quality, () -> "a quality section: " + fieldNames(profile.get("sections")));
        assertEquals(orders.rows(), value(quality.get("rows")).asLong(), quality::toString);
        assertEquals(orders.missingCells(), value(quality.get("missing_cells")).asLong(), quality::toString);
        assertEquals(orders.duplicateRows(), value(quality.get("duplicate_rows").get("count")).asLong(),
                () -> "duplicate rows (" + Orders.DUPLICATES + " rows appear twice): " + quality.get("duplicate_rows"));
        assertTrue(quality.get("duplicate_rows").get("examples").size() > 0, quality::toString);

        // the columns section: one card per column in order, with exact figures where they are cheap
        JsonNode columns = profile.get("sections").get("columns").get("columns");
        assertEquals(Orders.HEADER, Ingest.names(columns), columns::toString);
        JsonNode id = column(columns, "id");
        assertExact(orders.rows(), id.get("figures").get("count"));
        assertExact(1, id.get("figures").get("min"));
        assertExact(Orders.BASE_ROWS, id.get("figures").get("max"));
        assertExact(0, id.get("figures").get("missing"));
        JsonNode note = column(columns, "note");
        assertExact(orders.nullNotes(), note.get("figures").get("missing"));
        JsonNode amount = column(columns, "amount");
        assertExact(orders.maxAmount(), amount.get("figures").get("max"));
        assertEquals("bins", amount.get("histogram").get("kind").asText(), amount::toString);
        long binned = 0;
        for (JsonNode c : amount.get("histogram").get("counts")) {
            binned += c.asLong();
        }
        assertEquals(orders.rows(), binned, () -> "every non-null amount is in a bin: " + amount.get("histogram"));
        JsonNode region = column(columns, "region");
        assertEquals("top_k", region.get("histogram").get("kind").asText(), region::toString);
        assertEquals("EU", region.get("histogram").get("values").get(0).get("value").asText(), region::toString);
        assertEquals(orders.rows(), region.get("histogram").get("values").get(0).get("count").asLong(), region::toString);
        assertEquals("email", column(columns, "email").get("pattern").asText(), columns::toString);
        for (JsonNode c : columns) {
            c.get("figures").fields().forEachRemaining(f -> assertTrue(f.getValue().has("exact"),
                    () -> c.get("name").asText() + "." + f.getKey() + " says whether it is exact: " + f.getValue()));
        }

        // alerts a user should see
        Set<String> alerts = new HashSet<>();
        profile.get("alerts").forEach(a -> alerts.add(a.get("kind").asText() + ":" + a.path("column").asText("")));
        assertTrue(alerts.contains("constant:region"), () -> "the constant column is flagged: " + alerts);
        assertTrue(alerts.contains("skewed:amount"), () -> "the skewed column is flagged: " + alerts);
        assertTrue(alerts.stream().anyMatch(a -> a.startsWith("duplicates")), () -> "duplicate rows are flagged: " + alerts);
        for (JsonNode check : profile.get("checks")) {
            assertTrue(Set.of("pass", "warn", "fail").contains(check.get("status").asText()), check::toString);
        }
        assertTrue(profile.get("engine").get("scans").asInt() >= 1, profile.get("engine")::toString);
    }

    @Test
    @Order(2)
    void theHtmlReportIsOneSmallSelfContainedFile() {
        JsonNode run = profile(datasetId, false, 200);
        JsonNode html = artifact(run, "profile.html");
        Api.Response content = ingest.artifactContent(html.get("id").asText());
        assertEquals(200, content.status(), content::toString);
        assertTrue(content.contentType().startsWith("text/html"), content::toString);
        assertTrue(content.bytes().length < 5 * 1024 * 1024, "under 5 MB: " + content.bytes().length);
        String page = content.body();
        assertTrue(page.contains("orders"), "names the dataset");
        assertTrue(page.contains("region") && page.contains("email"), "has the columns");
        Matcher network = NETWORK_REFERENCE.matcher(page);
        assertFalse(network.find(), () -> "loads nothing from the network, found: "
                + page.substring(Math.max(0, network.start() - 60), Math.min(page.length(), network.end() + 60)));
    }

    @Test
    @Order(3)
    void theSameRequestReusesTheRunUnlessForced() {
        JsonNode first = profile(datasetId, false, 200); // profiled by the first test: reused
        Api.Response again = submit(Map.of("type", "profile", "dataset_id", datasetId));
        assertEquals(200, again.status(), again::toString);
        assertEquals(first.get("id").asText(), again.json().get("id").asText(), "the equal run is answered");

        Map<String, Object> forced = new LinkedHashMap<>(Map.of("type", "profile", "dataset_id", datasetId));
        forced.put("force", true);
        Api.Response fresh = submit(forced);
        assertEquals(202, fresh.status(), fresh::toString);
        assertNotEquals(first.get("id").asText(), fresh.json().get("id").asText(), "force makes a new run");
        JsonNode run = ingest.awaitRun(fresh.json().get("id").asText());
        assertEquals("succeeded", run.get("status").asText(), run::toString);
    }

    @Test
    @Order(4)
    void aDatasetWithoutAVersionCannotBeProfiled() throws IOException {
        Path empty = temp.resolve("header-only.csv");
        Files.writeString(empty, "a,b\n", StandardCharsets.UTF_8);
        Api.Response accepted = ingest.upload(empty, Map.of("name", "nothing_yet"));
        ingest.failed(accepted);
        Api.Response refused = submit(Map.of("type", "profile", "dataset_id", Ingest.datasetId(accepted)));
        assertTrue(refused.status() == 400 || refused.status() == 404, refused::toString);
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused::toString);
        String detail = refused.json().path("detail").asText();
        assertTrue(detail.toLowerCase().contains("version"), () -> "the detail says there is no version: " + refused);

        Api.Response unknown = submit(Map.of("type", "profile", "dataset_id", "dNOSUCHDATASET"));
        assertTrue(unknown.status() == 400 || unknown.status() == 404, unknown::toString);
        assertFalse(unknown.json().path("detail").asText().isBlank(), unknown::toString);
    }

    @Test
    @Order(5)
    void theRunningProfilersAreListedWithTheirOptions() {
        Map<String, JsonNode> profilers = profilers();
        assertTrue(profilers.keySet().containsAll(Set.of("columns", "quality")), profilers::toString);
        for (String name : List.of("columns", "quality")) {
            JsonNode schema = optionsSchema(profilers.get(name));
            assertTrue(schema != null && schema.isObject(), () -> name + " has an options schema: " + profilers.get(name));
        }
    }

    @Test
    @Order(6)
    void withoutTheColumnsProfilerAProfileHasNoColumnsSectionAndWithItAgainItHas() throws IOException {
        Path jar = Path.of(System.getProperty("analyst.columns.profiler.jar",
                ServerProcess.root().resolve("profilers/columns/target/" + COLUMNS_PROFILER + ".jar").toString()));
        assertTrue(Files.isRegularFile(jar), "no profiler jar " + jar + "; build it: ./mvnw -o install -pl profilers/columns");

        JsonNode plugin = plugin(COLUMNS_PROFILER);
        assertNotNull(plugin, () -> "the built-in profiler is listed as a plugin: " + api.get("/api/plugins"));
        Api.Response removed = api.delete("/api/plugins/" + plugin.get("id").asLong());
        assertEquals(204, removed.status(), removed::toString);
        assertFalse(profilers().containsKey("columns"), "gone from GET /api/profilers at once");

        JsonNode without = profileJson(profile(datasetId, true, 202));
        assertFalse(without.get("sections").has("columns"), () -> "no columns section: " + fieldNames(without.get("sections")));
        assertTrue(without.get("sections").has("quality"), "the other profiler still runs");
        assertEquals(orders.rows(), without.get("dataset").get("rows").asLong());

        Api.Response installed = api.send(api.request("/api/plugins?filename=" + jar.getFileName())
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(jar))
                .build());
        assertEquals(201, installed.status(), installed::toString);
        assertEquals(COLUMNS_PROFILER, installed.json().get("symbolic_name").asText(), installed::toString);
        api.await("/api/profilers", list -> names(list).contains("columns"), Duration.ofSeconds(10));

        JsonNode with = profileJson(profile(datasetId, true, 202));
        assertTrue(with.get("sections").has("columns"), () -> "the columns section is back: " + fieldNames(with.get("sections")));
        assertEquals(Orders.HEADER, Ingest.names(with.get("sections").get("columns").get("columns")));
        assertEquals(0, with.get("failures").size(), with.get("failures")::toString);
    }

    @Test
    @Order(7)
    void declaredRulesAreCheckedEvaluatedByTheNextProfileAndTheDatasetShowsItsLatestProfile() throws IOException {
        String rulesPath = "/api/projects/" + ingest.project() + "/datasets/" + datasetId + "/rules";
        Api.Response none = api.get(rulesPath);
        assertEquals(200, none.status(), none::toString);
        assertEquals(0, none.json().get("rules").size(), none::toString);
        assertTrue(none.json().get("updated_at").isNull(), none::toString);

        List<Map<String, Object>> rules = List.of(
                Map.of("type", "not_null", "column", "note"),
                Map.of("type", "allowed_values", "column", "region", "values", List.of("EU")),
                Map.of("type", "range", "column", "id", "min", 1, "name", "positive_id"),
                Map.of("type", "row_count", "max", orders.rows() - 1, "severity", "warn"));
        Api.Response put = api.putJson(rulesPath, Ingest.json(Map.of("rules", rules)));
        assertEquals(200, put.status(), put::toString);
        assertEquals(4, put.json().get("rules").size(), put::toString);
        assertEquals(put.json(), api.get(rulesPath).json());

        Api.Response refused = api.putJson(rulesPath, Ingest.json(Map.of("rules", List.of(
                Map.of("type", "not_null", "column", "no_such_column"), Map.of("type", "sometimes")))));
        assertEquals(400, refused.status(), refused::toString);
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused::toString);
        String detail = refused.json().get("detail").asText();
        assertTrue(detail.contains("rule 1 (not_null): this version has no column 'no_such_column'"), detail);
        assertTrue(detail.contains("rule 2 (sometimes): no running profiler evaluates rules of type 'sometimes'"), detail);
        assertEquals(put.json(), api.get(rulesPath).json(), "a refused list changes nothing");
        Api.Response noBody = api.putJson(rulesPath, "{}");
        assertEquals(400, noBody.status(), noBody::toString);
        assertEquals(404, api.get("/api/projects/" + ingest.project() + "/datasets/dNOSUCH/rules").status());

        // other rules than the earlier profiles': a new run without force
        JsonNode run = profile(datasetId, false, 202);
        assertEquals(4, run.get("params").get("rules").size(), () -> "the run records its rules: " + run);
        JsonNode profile = profileJson(run);
        Map<String, JsonNode> checks = new LinkedHashMap<>();
        profile.get("checks").forEach(c -> checks.put(c.get("name").asText(), c));
        assertEquals("fail", checks.get("rule:not_null").get("status").asText(), checks::toString);
        assertEquals(orders.nullNotes(), checks.get("rule:not_null").get("observed").asLong(), checks::toString);
        assertEquals("pass", checks.get("rule:allowed_values").get("status").asText(), checks::toString);
        assertEquals("pass", checks.get("rule:positive_id").get("status").asText(), checks::toString);
        assertEquals("warn", checks.get("rule:row_count").get("status").asText(), checks::toString);

        // the dataset shows how its latest profile ended
        Map<String, Integer> alerts = new HashMap<>();
        profile.get("alerts").forEach(a -> alerts.merge(a.get("severity").asText(), 1, Integer::sum));
        Map<String, Integer> statuses = new HashMap<>();
        profile.get("checks").forEach(c -> statuses.merge(c.get("status").asText(), 1, Integer::sum));
        JsonNode summary = ingest.dataset(datasetId).get("profile");
        assertEquals(run.get("id").asText(), summary.get("run_id").asText(), summary::toString);
        assertEquals("succeeded", summary.get("status").asText(), summary::toString);
        assertEquals(1, summary.get("version").asInt(), summary::toString);
        assertEquals(alerts.getOrDefault("warning", 0), summary.at("/alerts/warning").asInt(), summary::toString);
        assertEquals(alerts.getOrDefault("info", 0), summary.at("/alerts/info").asInt(), summary::toString);
        assertEquals(statuses.getOrDefault("fail", 0), summary.at("/checks/fail").asInt(), summary::toString);
        assertEquals(statuses.getOrDefault("warn", 0), summary.at("/checks/warn").asInt(), summary::toString);
        assertEquals(statuses.getOrDefault("pass", 0), summary.at("/checks/pass").asInt(), summary::toString);
        JsonNode listed = null;
        for (JsonNode d : api.get("/api/projects/" + ingest.project() + "/datasets").json().get("items")) {
            if (d.get("id").asText().equals(datasetId)) listed = d;
        }
        assertNotNull(listed);
        assertEquals(summary, listed.get("profile"), "the dataset list shows the same");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static Api.Response submit(Map<String, Object> body) {
        return api.postJson("/api/projects/" + ingest.project() + "/runs", Ingest.json(body));
    }

    /** Submits a profile run of the dataset's latest version, expects the status, waits for success. */
    static JsonNode profile(String dataset, boolean force, int expectedStatus) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "profile");
        body.put("dataset_id", dataset);
        if (force) {
            body.put("force", true);
        }
        Api.Response accepted = submit(body);
        assertEquals(expectedStatus, accepted.status(), accepted::toString);
        assertEquals("profile", accepted.json().get("type").asText(), accepted::toString);
        JsonNode run = ingest.awaitRun(accepted.json().get("id").asText());
        assertEquals("succeeded", run.get("status").asText(), () -> "profile should succeed: " + run + "\nlog:\n" + ingest.log(run));
        return run;
    }

    static JsonNode artifact(JsonNode run, String name) {
        List<JsonNode> artifacts = ingest.artifacts(run.get("id").asText());
        return artifacts.stream().filter(a -> a.get("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " artifact among " + artifacts));
    }

    static JsonNode profileJson(JsonNode run) throws IOException {
        JsonNode json = artifact(run, "profile.json");
        Api.Response content = ingest.artifactContent(json.get("id").asText());
        assertEquals(200, content.status(), content::toString);
        assertTrue(content.contentType().startsWith("application/json"), content::toString);
        return Api.JSON.readTree(content.bytes());
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static JsonNode column(JsonNode columns, String name) {
        for (JsonNode c : columns) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no column " + name + " in " + columns);
    }

    /** The value of a figure {@code {"value", "exact"}}, or the node itself when it is a bare number. */
    static JsonNode value(JsonNode figure) {
        assertNotNull(figure);
        return figure.isObject() && figure.has("value") ? figure.get("value") : figure;
    }

    static void assertExact(long expected, JsonNode figure) {
        assertNotNull(figure, "the figure is present");
        assertEquals(expected, figure.get("value").asLong(), figure::toString);
        assertTrue(figure.get("exact").asBoolean(), () -> "exact: " + figure);
    }

    static Map<String, JsonNode> profilers() {
        Api.Response r = api.get("/api/profilers");
        assertEquals(200, r.status(), r::toString);
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        Ingest.items(r.json()).forEach(p -> byName.put(nameOf(p), p));
        return byName;
    }

    static Set<String> names(JsonNode list) {
        Set<String> names = new HashSet<>();
        Ingest.items(list).forEach(p -> names.add(nameOf(p)));
        return names;
    }

    /** A profiler entry is {@code {name, …}} or {@code {descriptor: {name, …}, …}}. */
    static String nameOf(JsonNode profiler) {
        return profiler.has("descriptor") ? profiler.get("descriptor").get("name").asText() : profiler.get("name").asText();
    }

    static JsonNode optionsSchema(JsonNode profiler) {
        return profiler.has("descriptor") ? profiler.get("descriptor").get("options_schema") : profiler.get("options_schema");
    }

    static JsonNode plugin(String symbolicName) {
        for (JsonNode plugin : Ingest.items(api.get("/api/plugins").json())) {
            if (plugin.get("symbolic_name").asText().equals(symbolicName)) {
                return plugin;
            }
        }
        return null;
    }

    /**
     * The generated orders: {@value #BASE_ROWS} distinct rows and {@value #DUPLICATES} of them written a second time
     * at the end. {@code id} 1…{@value #BASE_ROWS}; {@code region} always "EU" (constant); {@code amount} mostly 0–59
     * with a long tail (skewed; more distinct values than a categorical column has, so it is binned); {@code email} an address per row; {@code note} empty (NULL) in every 10th row;
     * {@code score} a decimal.
     */
    record Orders(Path file, List<String[]> lines) {
        static final List<String> HEADER = List.of("id", "region", "amount", "email", "note", "score");
        static final int BASE_ROWS = 2000;
        static final int DUPLICATES = 25;

        static Orders generate(Path file) throws IOException {
            List<String[]> lines = new ArrayList<>();
            for (int i = 1; i <= BASE_ROWS; i++) {
                String amount = Long.toString(i % 100 == 0 ? 100_000L + i : i % 60);
                String note = i % 10 == 0 ? "" : "note " + (i % 37);
                String score = (i % 50) + "." + (i % 4) * 25;
                lines.add(new String[] {Integer.toString(i), "EU", amount, "user" + i + "@example.com", note, score});
            }
            for (int d = 0; d < DUPLICATES; d++) {
                lines.add(lines.get(d * 73 + 3).clone()); // ids 4, 77, 150, …: three with a NULL note
            }
            StringBuilder csv = new StringBuilder(String.join(",", HEADER)).append('\n');
            for (String[] line : lines) {
                csv.append(String.join(",", line)).append('\n');
            }
            Files.writeString(file, csv, StandardCharsets.UTF_8);
            return new Orders(file, lines);
        }

        long rows() {
            return lines.size();
        }

        long nullNotes() {
            return lines.stream().filter(l -> l[4].isEmpty()).count();
        }

        long missingCells() {
            return lines.stream().flatMap(l -> java.util.Arrays.stream(l)).filter(String::isEmpty).count();
        }

        /** Rows that repeat an earlier row (each of the duplicated rows appears exactly twice). */
        long duplicateRows() {
            Set<List<String>> seen = new HashSet<>();
            return lines.stream().filter(l -> !seen.add(List.of(l))).count();
        }

        long maxAmount() {
            return lines.stream().mapToLong(l -> Long.parseLong(l[2])).max().orElseThrow();
        }
    }
}

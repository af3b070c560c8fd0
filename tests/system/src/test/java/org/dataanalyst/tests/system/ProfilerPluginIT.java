package org.dataanalyst.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * A profiler plugin installed while the server runs contributes to the next profile, and is gone from the one after
 * its removal; no restart. The plugin is {@code tests/sample-profiler} (profiler {@code sample_sums}: per integer
 * column the exact sum and the count of positive values, an accumulator that counts the rows it is fed, and the
 * warning {@code no_positive_values}); its figures are checked against sums computed here from the CSV.
 */
class ProfilerPluginIT extends ServerTest {

    static final String PLUGIN = "org.dataanalyst.tests.sample-profiler";
    static final String PROFILER = "sample_sums";
    /** The integer columns of the CSV below, which the profiler sums; {@code price} (DOUBLE) and {@code label} it leaves out. */
    static final List<String> SUMMED = List.of("id", "qty", "debt");


    @Test
    void aProfilerPluginContributesToTheNextProfileAndIsGoneAfterItsRemoval() throws IOException {
        Ingest ingest = Ingest.newProject(api, "profiler-plugin");
        Path csv = temp.resolve("stock.csv");
        List<long[]> rows = writeCsv(csv);
        Api.Response accepted = ingest.upload(csv, Map.of("name", "stock"));
        ingest.succeeded(accepted);
        String dataset = Ingest.datasetId(accepted);
        JsonNode schema = ingest.dataset(dataset).get("latest").get("schema").get("columns");
        assertEquals(List.of("BIGINT", "BIGINT", "BIGINT", "DOUBLE", "VARCHAR"), Ingest.types(schema),
                () -> "the CSV's types as the test expects them: " + schema);

        // before: not running, and a profile has no section of it
        assertFalse(profilerNames().contains(PROFILER), () -> "not running yet: " + profilerNames());
        JsonNode before = profile(ingest, dataset);
        assertFalse(before.get("sections").has(PROFILER), before.get("sections")::toString);

        // upload the plugin: listed as a plugin and as a profiler at once
        Api.Response uploaded = api.send(api.request("/api/plugins?filename=sample-profiler.jar")
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(sampleProfilerJar()))
                .build());
        assertEquals(201, uploaded.status(), uploaded::toString);
        JsonNode plugin = uploaded.json();
        assertEquals(PLUGIN, plugin.get("symbolic_name").asText(), plugin::toString);
        assertEquals("ACTIVE", plugin.get("state").asText(), plugin::toString);
        assertFalse(plugin.get("builtin").asBoolean(), () -> "an ordinary plugin, not a built-in: " + plugin);
        JsonNode profilers = api.await("/api/profilers", l -> names(l).contains(PROFILER), Duration.ofSeconds(10));
        JsonNode listed = byName(profilers, PROFILER);
        assertEquals(PLUGIN, listed.get("bundle").asText(), listed::toString);
        assertTrue(names(profilers).containsAll(Set.of("columns", "quality")), profilers::toString);

        // the next profile has its section, with the figures computed here, next to the built-in ones
        JsonNode with = profile(ingest, dataset);
        assertEquals(List.of(), list(with.get("failures")), "no profiler failed");
        JsonNode section = with.get("sections").get(PROFILER);
        assertNotNull(section, () -> "a " + PROFILER + " section: " + with.get("sections"));
        assertExact(rows.size(), section.get("rows"));
        assertExact(rows.size(), section.get("rows_seen"));
        JsonNode columns = section.get("columns");
        assertEquals(SUMMED, Ingest.names(columns), columns::toString);
        for (int i = 0; i < SUMMED.size(); i++) {
            int c = i;
            long sum = rows.stream().filter(r -> r[c] != Long.MIN_VALUE).mapToLong(r -> r[c]).sum();
            long positive = rows.stream().filter(r -> r[c] != Long.MIN_VALUE && r[c] > 0).count();
            JsonNode column = columns.get(i);
            assertEquals("BIGINT", column.get("type").asText(), column::toString);
            assertExact(sum, column.get("sum"));
            assertExact(positive, column.get("positive"));
        }
        List<JsonNode> alerts = list(with.get("alerts")).stream()
                .filter(a -> a.get("profiler").asText().equals(PROFILER)).toList();
        assertEquals(1, alerts.size(), () -> "one alert of " + PROFILER + ": " + with.get("alerts"));
        assertEquals("no_positive_values", alerts.get(0).get("kind").asText(), alerts.get(0)::toString);
        assertEquals("debt", alerts.get(0).get("column").asText(), alerts.get(0)::toString);
        assertEquals("warning", alerts.get(0).get("severity").asText(), alerts.get(0)::toString);
        assertTrue(with.get("sections").has("columns") && with.get("sections").has("quality"),
                () -> "the built-in sections are still there: " + with.get("sections"));
        JsonNode entry = list(with.get("profilers")).stream().filter(p -> p.get("name").asText().equals(PROFILER))
                .findFirst().orElseThrow(() -> new AssertionError("listed among the profile's profilers: " + with.get("profilers")));
        assertTrue(entry.get("bundle").asText().startsWith(PLUGIN + "/"), entry::toString);

        // remove it: gone from the list at once, and the next profile has no section of it and no failure
        Api.Response removed = api.delete("/api/plugins/" + plugin.get("id").asLong());
        assertEquals(204, removed.status(), removed::toString);
        assertFalse(profilerNames().contains(PROFILER), () -> "gone from GET /api/profilers: " + profilerNames());
        JsonNode after = profile(ingest, dataset);
        assertFalse(after.get("sections").has(PROFILER), after.get("sections")::toString);
        assertTrue(after.get("sections").has("columns") && after.get("sections").has("quality"), after.get("sections")::toString);
        assertEquals(List.of(), list(after.get("failures")), "no failure");
        assertTrue(list(after.get("alerts")).stream().noneMatch(a -> a.get("profiler").asText().equals(PROFILER)));
        assertEquals(List.of(), files(server.dataDir().resolve("plugins")), "the jar left the plugin folder");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /**
     * Writes {@code id,qty,debt,price,label}: {@code id} 1…40; {@code qty} from −3 to 3, empty (NULL) in every 9th
     * row; {@code debt} never above zero; {@code price} a decimal fraction (DOUBLE); {@code label} text.
     *
     * @return per row the values of {@code id, qty, debt}, {@link Long#MIN_VALUE} for NULL
     */
    static List<long[]> writeCsv(Path file) throws IOException {
        List<long[]> rows = new ArrayList<>();
        StringBuilder csv = new StringBuilder("id,qty,debt,price,label\n");
        for (long id = 1; id <= 40; id++) {
            long qty = id % 9 == 0 ? Long.MIN_VALUE : id % 7 - 3;
            long debt = -(id % 5) * 10;
            rows.add(new long[] {id, qty, debt});
            csv.append(id).append(',').append(qty == Long.MIN_VALUE ? "" : Long.toString(qty)).append(',').append(debt)
                    .append(',').append(id).append(".25,item ").append(id % 4).append('\n');
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return rows;
    }

    /** Submits a forced profile run of the dataset's latest version, waits for its success and returns profile.json. */
    static JsonNode profile(Ingest ingest, String dataset) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "profile");
        body.put("dataset_id", dataset);
        body.put("force", true);
        Api.Response submitted = api.postJson("/api/projects/" + ingest.project() + "/runs", Ingest.json(body));
        assertEquals(202, submitted.status(), submitted::toString);
        JsonNode run = ingest.awaitRun(submitted.json().get("id").asText());
        assertEquals("succeeded", run.get("status").asText(), () -> "profile should succeed: " + run + "\nlog:\n" + ingest.log(run));
        JsonNode artifact = ingest.artifacts(run.get("id").asText()).stream()
                .filter(a -> a.get("name").asText().equals("profile.json")).findFirst()
                .orElseThrow(() -> new AssertionError("no profile.json artifact of run " + run));
        Api.Response content = ingest.artifactContent(artifact.get("id").asText());
        assertEquals(200, content.status(), content::toString);
        return Api.JSON.readTree(content.bytes());
    }

    static void assertExact(long expected, JsonNode figure) {
        assertNotNull(figure, "the figure is present");
        assertTrue(figure.get("value").isIntegralNumber(), figure::toString);
        assertEquals(expected, figure.get("value").asLong(), figure::toString);
        assertTrue(figure.get("exact").asBoolean(), () -> "exact: " + figure);
    }

    static List<String> profilerNames() {
        Api.Response r = api.get("/api/profilers");
        assertEquals(200, r.status(), r::toString);
        return names(r.json());
    }

    static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        Ingest.items(page).forEach(p -> names.add(p.get("name").asText()));
        return names;
    }

    static JsonNode byName(JsonNode page, String name) {
        for (JsonNode p : Ingest.items(page)) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        return null;
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    /** The jar of {@code tests/sample-profiler}, which the build makes before this module (a test dependency). */
    static Path sampleProfilerJar() throws IOException {
        String configured = System.getProperty("analyst.sample.profiler.jar");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        Path target = ServerProcess.root().resolve("tests/sample-profiler/target");
        try (Stream<Path> jars = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            return jars.filter(p -> p.getFileName().toString().startsWith(PLUGIN + "-"))
                    .filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-sources.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no sample profiler jar in " + target
                            + "; build it first: ./mvnw -o install -pl tests/sample-profiler"));
        }
    }

    static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}

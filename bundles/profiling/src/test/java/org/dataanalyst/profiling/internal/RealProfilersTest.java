package org.dataanalyst.profiling.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.SchemaDrift;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.profile.ProfileService;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.profiler.columns.internal.ColumnsProfiler;
import org.dataanalyst.profiler.quality.internal.QualityProfiler;
import org.dataanalyst.spi.profiler.Profilers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The profile run type with the real profilers of the product, end to end. */
class RealProfilersTest extends ProfileFixture {

    static final String MIXED = "SELECT range AS id, "
            + "CASE WHEN range % 10 = 0 THEN NULL ELSE (range % 97) * 1.25 END AS price, "
            + "(range % 1000)::DOUBLE / 7 AS ratio, "
            + "['north', 'south', 'east', 'west'][1 + range % 4] AS region, "
            + "'user' || (range % 500) || '@example.org' AS email, "
            + "DATE '2024-01-01' + (range % 366)::INTEGER AS day, "
            + "TIMESTAMP '2024-01-01 00:00:00' + to_seconds(range) AS at, "
            + "range % 3 = 0 AS flag, "
            + "CASE WHEN range % 2 = 0 THEN 'x' || range ELSE NULL END AS sparse, "
            + "uuid() AS token, "
            + "'' AS empty_text "
            + "FROM range(50000)";

    void addRealProfilers() {
        registry.add(new ColumnsProfiler(), "org.dataanalyst.profiler.columns", "0.1.0");
        registry.add(new QualityProfiler(), "org.dataanalyst.profiler.quality", "0.1.0");
    }

    @Test
    void theRealProfilersProfileAMixedVersionInTwoMetricScans() throws Exception {
        DatasetVersion first = stage("mixed", MIXED);
        // version 2: every row twice plus one more column (drift), and a column fewer
        DatasetVersion version = addVersion(first.datasetId(), 2, "SELECT * EXCLUDE (token), id % 5 AS extra FROM ("
                + MIXED.replace("FROM range(50000)", "FROM range(25000)") + ", range(2) AS twice(n))",
                new SchemaDrift(1, 2, List.of(
                        new SchemaDrift.Change(SchemaDrift.Kind.REMOVED, "token", null, "UUID", null, 9, null, true, null,
                                true, "removed"),
                        new SchemaDrift.Change(SchemaDrift.Kind.ADDED, "extra", null, null, "BIGINT", null, 10, null, true,
                                false, "added")), true));
        addRealProfilers();

        Run run = succeeded(profile(version, Map.of()));

        JsonNode profile = profileJson(run);
        assertEquals(0, profile.get("failures").size(), () -> profile.get("failures").toPrettyString() + "\n" + log(run));
        JsonNode columns = profile.at("/sections/columns/columns");
        assertEquals(version.schema().columns().size(), columns.size());
        assertEquals("id", columns.get(0).get("name").asText());
        assertTrue(profile.at("/engine/metric_scans").asInt() <= 3, profile.get("engine")::toString);
        JsonNode quality = profile.at("/sections/quality");
        assertEquals(25000, quality.at("/duplicate_rows/count/value").asLong(), quality::toPrettyString);
        assertTrue(quality.at("/duplicate_rows/examples").size() > 0, quality::toPrettyString);
        assertEquals(1, quality.at("/drift/from_version").asInt(), quality::toPrettyString);
        assertTrue(profile.get("alerts").size() > 0);
        assertTrue(profile.get("checks").size() > 0);
        assertEquals(List.of(), schemaProblems(profile), () -> profile.get("sections").toPrettyString());
        String html = new String(content(artifact(run, ProfileService.HTML_ARTIFACT_TYPE)), StandardCharsets.UTF_8);
        assertFalse(html.contains("http://") || html.contains("https://"));
        // kept for looking at: target/real-profile.html
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "real-profile.html"), html);
    }

    @Test
    void aVersionTooLargeForTheAccumulatorHasItsOrderCheckedInSqlOverTheRowsInFileOrder() throws Exception {
        DatasetVersion version = stage("mixed", MIXED);
        addRealProfilers();

        Run run = succeeded(profile(version, Map.of("profilers", Map.of("columns", Map.of("monotonicity_max_rows", 0)))));

        JsonNode profile = profileJson(run);
        assertEquals(0, profile.get("failures").size(), () -> profile.get("failures").toPrettyString());
        assertEquals(0, profile.at("/engine/accumulator_scans").asInt(), "no rows fed to an accumulator");
        JsonNode columns = profile.at("/sections/columns/columns");
        Map<String, String> order = new java.util.LinkedHashMap<>();
        columns.forEach(c -> order.put(c.get("name").asText(), c.path("monotonic").asText(null)));
        assertEquals("increasing", order.get("id"), columns::toPrettyString);
        assertEquals("increasing", order.get("at"), columns::toPrettyString);
        assertEquals("none", order.get("ratio"), columns::toPrettyString);
        assertEquals("none", order.get("day"), columns::toPrettyString);
        assertTrue(profile.at("/engine/profiler_queries").asInt() >= 2, profile.get("engine")::toString);
    }

    /** Not a correctness test: the profile of 1M rows × 20 columns against SUMMARIZE (-Dbench.profile=true). */
    @Test
    @EnabledIfSystemProperty(named = "bench.profile", matches = "true")
    void benchmarkAgainstSummarize() throws Exception {
        StringBuilder select = new StringBuilder("SELECT range AS c0");
        for (int i = 1; i < 20; i++) {
            select.append(switch (i % 4) {
                case 0 -> ", (range * " + i + ") % 10007 AS c" + i;
                case 1 -> ", random() * " + i + " AS c" + i;
                case 2 -> ", 'v' || ((range * " + i + ") % 3001) AS c" + i;
                default -> ", DATE '2020-01-01' + ((range * " + i + ") % 2000)::INTEGER AS c" + i;
            });
        }
        DatasetVersion version = stage("bench", select + " FROM range(1000000)");
        addRealProfilers();
        for (int i = 0; i < 2; i++) {
            long t0 = System.nanoTime();
            try (EngineSession s = engine.open(workspace)) {
                s.query("SUMMARIZE SELECT * FROM read_parquet(" + Profilers.literal(workspace.resolve("staging")
                        .resolve(version.datasetId()).resolve("v1.parquet").toString()) + ")");
            }
            long summarize = (System.nanoTime() - t0) / 1_000_000;
            Run run = succeeded(await(runs.submit(projectId, new RunRequest(ProfileService.RUN_TYPE, version.datasetId(),
                    version.id(), Map.of(), true)).run()));
            JsonNode profile = profileJson(run);
            System.out.println("bench: SUMMARIZE " + summarize + " ms, profile " + profile.get("duration_ms") + " ms, "
                    + profile.get("engine") + ", failures " + profile.get("failures"));
        }
    }
}

package org.dataanalyst.profiling.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Ids;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.profile.ProfileService;
import org.dataanalyst.api.profile.ProfileSummary;
import org.dataanalyst.api.profile.ProfilerInfo;
import org.dataanalyst.api.run.RunRequest;
import org.junit.jupiter.api.Test;

/**
 * Profile runs end to end with real parts (see {@link ProfileFixture}); the profilers are test plugins
 * ({@link TestProfilers}).
 */
class ProfileRunTest extends ProfileFixture {

    // --- fusion and rounds ---

    @Test
    void fusesEveryProfilersMetricsOfARoundIntoOneScanAndRoundOneSeesRoundZero() throws Exception {
        DatasetVersion version = stage("orders", ORDERS);
        TestProfilers.Stats a = new TestProfilers.Stats("stats_a");
        TestProfilers.Stats b = new TestProfilers.Stats("stats_b");
        TestProfilers.Stats c = new TestProfilers.Stats("stats_c");
        add(a);
        add(b);
        add(c);

        Run run = succeeded(profile(version, Map.of("profilers", Map.of("stats_b", Map.of("bins", 2)))));

        JsonNode profile = profileJson(run);
        JsonNode engineBlock = profile.get("engine");
        assertEquals(2, engineBlock.get("rounds").asInt(), engineBlock::toString);
        assertEquals(2, engineBlock.get("metric_scans").asInt(), "one scan per round for three profilers: " + engineBlock);
        assertEquals(2, engineBlock.get("scans").asInt(), engineBlock::toString);
        assertEquals(0, engineBlock.get("plan_checks").asInt(), engineBlock::toString);
        // round 0: rows + min/max of id, price, qty = 7 per profiler; round 1: 4 bins × 3 columns (2 for stats_b)
        assertEquals(3 * 7 + 12 + 6 + 12, engineBlock.get("metrics").asInt(), engineBlock::toString);
        assertEquals(List.of(0, 1, 2), a.rounds, "asked in rounds 0 and 1, and once more (empty) in round 2");
        assertTrue(log(run).contains("round 0: 21 metrics of 3 profilers in 1 scan(s)"), log(run));

        JsonNode stats = profile.at("/sections/stats_a");
        assertEquals(1000, stats.get("rows").asLong());
        assertEquals(0, stats.at("/columns/id/min").asLong());
        assertEquals(999, stats.at("/columns/id/max").asLong());
        assertEquals(13.5, stats.at("/columns/price/max").asDouble());
        // round 1 used round 0's min and max: the bins cover every non-null value exactly once
        long binned = 0;
        for (JsonNode n : stats.at("/columns/id/bins")) binned += n.asLong();
        assertEquals(1000, binned);
        assertEquals(4, stats.at("/columns/id/bins").size());
        assertEquals(2, profile.at("/sections/stats_b/columns/id/bins").size(), "stats_b got its option bins=2");
        long qty = 0;
        for (JsonNode n : stats.at("/columns/qty/bins")) qty += n.asLong();
        assertEquals(750, qty, "NULLs are in no bin");

        assertEquals(Set.of("stats_a", "stats_b", "stats_c"), names(profile.get("profilers"), "name"));
        assertEquals(3, profile.get("alerts").size());
        assertEquals("info", profile.at("/alerts/0/severity").asText());
        assertEquals("pass", profile.at("/checks/0/status").asText());
        assertEquals(0, profile.get("failures").size());
        assertEquals(version.id(), profile.at("/dataset/version_id").asText());
        assertEquals(1000, profile.at("/dataset/rows").asLong());
        assertEquals(4, profile.at("/dataset/columns").asInt());
        assertEquals(List.of(), schemaProblems(profile));
    }

    @Test
    void aRoundWithMoreMetricsThanOneScanTakesIsSplit() throws Exception {
        DatasetVersion version = stage("orders", ORDERS);
        add(new TestProfilers.Stats("stats_a"));
        add(new TestProfilers.Stats("stats_b"));
        start(new Settings(Duration.ofSeconds(60), 3, 100_000, 10));

        JsonNode profile = profileJson(succeeded(profile(version, Map.of())));

        // round 0: 14 metrics → 2 scans; round 1: 24 metrics → 3 scans
        assertEquals(5, profile.at("/engine/metric_scans").asInt(), profile.get("engine")::toString);
        assertEquals(1000, profile.at("/sections/stats_b/rows").asLong());
    }

    @Test
    void aRoundOverMoreCellsThanScanCellsIsSplitIntoScansOfWholeColumnsWithTheSameFigures() throws Exception {
        DatasetVersion version = stage("orders", ORDERS);
        add(new TestProfilers.Stats("stats_a"));
        add(new TestProfilers.Stats("stats_b"));
        JsonNode fused = profileJson(succeeded(profile(version, Map.of())));
        assertEquals(2, fused.at("/engine/metric_scans").asInt(), fused.get("engine")::toString);

        start(new Settings(Duration.ofSeconds(60), 3, 100_000, 2000, 1000)); // 1000 rows: one column per scan
        Run run = succeeded(await(runs.submit(projectId, new RunRequest(ProfileService.RUN_TYPE, version.datasetId(), null,
                Map.of(), true)).run())); // forced: not the earlier equal run again
        JsonNode split = profileJson(run);
        long numeric = version.schema().columns().stream().filter(TestProfilers::numeric).count();
        // rounds 0 and 1: one scan per numeric column (count(*) reads no column: it joins the first)
        assertEquals(2 * numeric, split.at("/engine/metric_scans").asInt(), split.get("engine")::toString);
        assertEquals(fused.get("sections"), split.get("sections"));
        assertTrue(log(run).contains("scans of at most 1 column(s) each (scan_cells)"), log(run));
    }

    // --- isolation ---

    @Test
    void aThrowingProfilerFailsOnlyItsOwnSection() throws Exception {
        DatasetVersion version = stage("orders", ORDERS);
        add(new TestProfilers.Stats("stats"));
        add(new TestProfilers.Throwing());

        Run run = succeeded(profile(version, Map.of()));

        JsonNode profile = profileJson(run);
        JsonNode f = failure(profile, "throwing");
        assertEquals("metrics", f.get("stage").asText());
        assertEquals(BUNDLE + "/1.0.0", f.get("bundle").asText());
        assertTrue(f.get("reason").asText().contains("this profiler always breaks"), f::toString);
        assertEquals(Set.of("stats"), setOf(profile.get("sections").fieldNames()));
        assertEquals(1000, profile.at("/sections/stats/rows").asLong());
        assertEquals(2, profile.at("/engine/metric_scans").asInt(), "the failure costs no scan");
        assertTrue(log(run).contains("profiler 'throwing' (" + BUNDLE + "/1.0.0) failed at stage metrics"), log(run));
        assertTrue(log(run).contains("IllegalStateException"), "the stack trace is in the run log");
        assertEquals(List.of(), schemaProblems(profile));
    }

    @Test
    void aMetricThatDoesNotPlanFailsOnlyItsProfilersSectionAndIsNamed() throws Exception {
        DatasetVersion version = stage("orders", ORDERS);
        add(new TestProfilers.Stats("stats"));
        TestProfilers.BadSql bad = new TestProfilers.BadSql();
        add(bad);

        Run run = succeeded(profile(version, Map.of()));

        JsonNode profile = profileJson(run);
        JsonNode f = failure(profile, "bad_sql");
        assertEquals("scan", f.get("stage").asText());
        assertTrue(f.get("reason").asText().contains("metric '/broken'"), f::toString);
        assertTrue(f.get("reason").asText().contains("no_such_function_at_all"), f::toString);
        assertEquals(0, bad.interpreted.get(), "a failed profiler is not asked to interpret");
        assertEquals(1000, profile.at("/sections/stats/rows").asLong());
        assertEquals(4, profile.at("/sections/stats/columns/id/bins").size(), "the other profiler went on to round 1");
        // round 0: the failed fused scan + the scan without the culprit; round 1: one scan
        assertEquals(3, profile.at("/engine/metric_scans").asInt(), profile.get("engine")::toString);
        assertTrue(profile.at("/engine/plan_checks").asInt() > 0);
        assertEquals("failed", profilerStatus(profile, "bad_sql"));
        assertEquals("ok", profilerStatus(profile, "stats"));
        assertEquals(List.of(), schemaProblems(profile));
    }

    @Test
    void aMetricThatFailsOnlyWhileRunningFailsOnlyItsProfilersSection() throws Exception {
        DatasetVersion version = stage("orders", ORDERS);
        add(new TestProfilers.Stats("stats"));
        add(new TestProfilers.FailsWhileRunning("customer"));

        Run run = succeeded(profile(version, Map.of()));

        JsonNode profile = profileJson(run);
        JsonNode f = failure(profile, "fails_running");
        assertEquals("scan", f.get("stage").asText());
        assertTrue(f.get("reason").asText().toLowerCase().contains("conversion") || f.get("reason").asText().contains("CAST")
                || f.get("reason").asText().contains("c0"), f::toString);
        assertEquals(1000, profile.at("/sections/stats/rows").asLong());
        assertEquals(4, profile.at("/sections/stats/columns/id/bins").size());
    }

    @Test
    void aProfilerThatOverrunsItsBudgetFailsWithStageBudgetAndTheProfileGoesOn() throws Exception {
        DatasetVersion version = stage("orders", ORDERS);
        start(Settings.DEFAULT.withBudget(Duration.ofSeconds(1)));
        add(new TestProfilers.Stats("stats"));
        TestProfilers.Slow slow = new TestProfilers.Slow();
        add(slow);

        long t0 = System.nanoTime();
        Run run = succeeded(profile(version, Map.of()));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        JsonNode profile = profileJson(run);
        JsonNode f = failure(profile, "slow");
        assertEquals("budget", f.get("stage").asText());
        assertTrue(f.get("reason").asText().contains("time budget of 1 s"), f::toString);
        assertTrue(f.get("reason").asText().contains("interpreting"), f::toString);
        assertEquals(1000, profile.at("/sections/stats/rows").asLong());
        assertTrue(took < 30_000, "took " + took + " ms");
        assertEquals(List.of(), schemaProblems(profile));
    }

    @Test
    void cancellingAProfileStopsItWhileAProfilerHangsAndInterruptsThatProfiler() throws Exception {
        DatasetVersion version = stage("orders", ORDERS);
        TestProfilers.Slow slow = new TestProfilers.Slow();
        add(slow);
        Run run = runs.submit(projectId, new RunRequest(ProfileService.RUN_TYPE, version.datasetId(), null, Map.of(), false)).run();
        assertTrue(slow.entered.await(60, TimeUnit.SECONDS), "the profiler started interpreting");

        runs.cancel(projectId, run.id());

        assertEquals(RunStatus.CANCELLED, await(run).status());
        assertTrue(slow.interrupted.await(60, TimeUnit.SECONDS), "the hanging profiler was interrupted");
        assertEquals(Optional.empty(), catalog.profileSummary(version.datasetId()), "a cancelled profile records no summary");
        assertTrue(runs.artifacts(projectId, run.id()).stream().noneMatch(a -> a.type().startsWith("profile-")));
    }

    @Test
    void aProfilerNamingAColumnTheVersionDoesNotHaveFailsAtStageMetrics() throws Exception {
        DatasetVersion version = stage("orders", ORDERS);
        add(new TestProfilers.Stats("stats"));
        add(new TestProfilers.FailsWhileRunning("no_such_column"));

        JsonNode profile = profileJson(succeeded(profile(version, Map.of())));

        JsonNode f = failure(profile, "fails_running");
        assertEquals("metrics", f.get("stage").asText());
        assertTrue(f.get("reason").asText().contains("no_such_column"), f::toString);
    }

    // --- accumulators ---

    @Test
    void accumulatorsGetEveryRowWhenTheVersionFitsTheSample() throws Exception {
        DatasetVersion version = stage("orders", ORDERS);
        add(new TestProfilers.Collector("collector", "customer", 0));
        add(new TestProfilers.Collector("ids", "id", 0));
        add(new TestProfilers.Stats("stats"));

        JsonNode profile = profileJson(succeeded(profile(version, Map.of())));

        assertEquals(1000, profile.at("/sections/collector/values/rows").asLong());
        assertEquals(7, profile.at("/sections/collector/values/distinct").asInt());
        assertTrue(profile.at("/sections/ids/values/increasing").asBoolean(), "rows come in the file's order");
        assertEquals(1000, profile.at("/sections/ids/values/distinct").asInt());
        assertEquals(1000, profile.at("/engine/accumulator_rows").asLong());
        assertFalse(profile.at("/engine/accumulator_sampled").asBoolean());
        assertEquals(1, profile.at("/engine/accumulator_scans").asInt());
        assertEquals(3, profile.at("/engine/scans").asInt(), "2 metric rounds + 1 accumulator scan");
    }

    @Test
    void accumulatorsGetASampleOfAtMostSampleRowsAndAtMostWhatTheyAskFor() throws Exception {
        DatasetVersion version = stage("big", "SELECT range AS id, 'v' || (range % 50) AS v FROM range(20000)");
        start(new Settings(Duration.ofSeconds(60), 3, 5000, 2000));
        add(new TestProfilers.Collector("collector", "v", 0));

        JsonNode profile = profileJson(succeeded(profile(version, Map.of())));

        assertEquals(5000, profile.at("/sections/collector/values/rows").asLong());
        assertTrue(profile.at("/engine/accumulator_sampled").asBoolean());
        assertEquals(5000, profile.at("/engine/accumulator_rows").asLong());

        registry.remove(registry.snapshot().get(0).profiler());
        add(new TestProfilers.Collector("collector", "v", 300));
        add(new TestProfilers.Collector("all", "id", 0));
        Run again = succeeded(await(runs.submit(projectId, new RunRequest(ProfileService.RUN_TYPE, version.datasetId(),
                version.id(), Map.of(), true)).run()));
        JsonNode second = profileJson(again);
        assertEquals(300, second.at("/sections/collector/values/rows").asLong(), "an even share of the shared sample");
        assertTrue(second.at("/sections/collector/values/distinct").asInt() > 30, second.at("/sections/collector")::toString);
        assertEquals(5000, second.at("/sections/all/values/rows").asLong());
        assertEquals(5000, second.at("/sections/all/values/distinct").asInt());
        assertTrue(second.at("/sections/all/values/increasing").asBoolean(), "a sample keeps the file's row order");
        assertEquals(5000, second.at("/engine/accumulator_rows").asLong());
        assertEquals(1, second.at("/engine/accumulator_scans").asInt(), "one scan feeds both");
    }

    @Test
    void aProfilersQueriesSeeTheRowsInFileOrderWithTheirPosition() throws Exception {
        // stored in descending order: the file's order is not the order of the values
        DatasetVersion version = stage("countdown", "SELECT 4 - range AS id, 'x' AS label FROM range(5)");
        add(new TestProfilers.InFileOrder());

        JsonNode section = profileJson(succeeded(profile(version, Map.of()))).at("/sections/in_file_order");

        assertEquals("4,3,2,1,0", section.get("ids").asText(), section::toString);
        assertEquals(0, section.get("first_row").asLong());
        assertEquals(4, section.get("last_row").asLong());
        assertTrue(section.get("decreasing").asBoolean(), section::toString);
    }

    @Test
    void aProfilersOwnQueriesAreReadOnlyAndCounted() throws Exception {
        DatasetVersion version = stage("orders", ORDERS);
        add(new TestProfilers.Querying());

        JsonNode profile = profileJson(succeeded(profile(version, Map.of())));

        assertEquals(0, profile.at("/sections/querying/first_id").asLong());
        assertEquals("yes", profile.at("/sections/querying/copy_refused").asText());
        assertEquals(1, profile.at("/engine/profiler_queries").asInt());
        assertFalse(Files.exists(workspace.resolve("x.csv")));
    }

    // --- artifacts, summary, version ---

    @Test
    void writesProfileJsonHtmlAndTheDatasetSummaryAndRecordsTheVersion() throws Exception {
        DatasetVersion version = stage("orders", ORDERS);
        add(new TestProfilers.Stats("stats"));
        add(new TestProfilers.Throwing());

        Run run = succeeded(profile(version, Map.of()));

        assertEquals(version.id(), runs.get(projectId, run.id()).datasetVersionId(), "the run records the version it profiled");
        Artifact json = artifact(run, ProfileService.JSON_ARTIFACT_TYPE);
        Artifact html = artifact(run, ProfileService.HTML_ARTIFACT_TYPE);
        assertEquals("application/json", json.mediaType());
        assertTrue(html.mediaType().startsWith("text/html"));
        assertTrue(Files.isRegularFile(workspace.resolve("runs").resolve(run.id()).resolve("profile.json")));
        String page = new String(content(html), StandardCharsets.UTF_8);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertFalse(page.contains("http://") || page.contains("https://"), "no external reference");
        assertTrue(page.contains("this profiler always breaks"), "failures are listed");
        try (var files = Files.list(workspace.resolve("runs").resolve(run.id()))) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
                    "no temporary files left");
        }

        ProfileSummary summary = catalog.profileSummary(version.datasetId()).orElseThrow();
        assertEquals(run.id(), summary.runId());
        assertEquals(RunStatus.SUCCEEDED, summary.status());
        assertEquals(1, summary.version());
        assertEquals(Map.of("info", 1, "warning", 0), summary.alerts());
        assertEquals(Map.of("pass", 1, "warn", 0, "fail", 0), summary.checks());
        assertEquals(1, summary.failures());
        assertNull(summary.reason());
        assertEquals(summary, catalog.datasetSummaries(projectId, 0, 10).items().get(0).profile(), "the dataset list shows it");
    }

    @Test
    void profilesTheLatestVersionUnlessOneIsNamed() throws Exception {
        DatasetVersion v1 = stage("orders", ORDERS);
        DatasetVersion v2 = addVersion(v1.datasetId(), 2, "SELECT range AS id FROM range(10)");
        add(new TestProfilers.Stats("stats"));

        JsonNode latest = profileJson(succeeded(profile(v1, Map.of())));
        assertEquals(2, latest.at("/dataset/version").asInt());
        assertEquals(10, latest.at("/sections/stats/rows").asLong());

        Run first = await(runs.submit(projectId, new RunRequest(ProfileService.RUN_TYPE, null, v1.id(), Map.of(), false)).run());
        JsonNode named = profileJson(succeeded(first));
        assertEquals(1, named.at("/dataset/version").asInt());
        assertEquals(v2.datasetId(), named.at("/dataset/id").asText());
        assertEquals(1000, named.at("/sections/stats/rows").asLong());
    }

    @Test
    void aMissingStagedFileFailsTheRunWithAClearReasonAndTheSummarySaysSo() throws Exception {
        DatasetVersion version = stage("orders", ORDERS);
        add(new TestProfilers.Stats("stats"));
        Files.delete(workspace.resolve("staging").resolve(version.datasetId()).resolve("v1.parquet"));

        Run run = profile(version, Map.of());

        assertEquals(RunStatus.FAILED, run.status());
        assertTrue(run.reason().contains("staging/" + version.datasetId() + "/v1.parquet"), run.reason());
        assertTrue(run.reason().contains("ingest the source again"), run.reason());
        ProfileSummary summary = catalog.profileSummary(version.datasetId()).orElseThrow();
        assertEquals(RunStatus.FAILED, summary.status());
        assertEquals(run.id(), summary.runId());
        assertEquals(run.reason(), summary.reason());
    }

    // --- validation, listing ---

    @Test
    void refusesADatasetWithoutVersionsUnknownProfilersAndBadOptions() throws Exception {
        add(new TestProfilers.Stats("stats"));
        Dataset empty = new Dataset(Ids.next('d'), projectId, "empty", Instant.now());
        catalog.insertDataset(empty);
        InvalidRequestException noVersion = assertThrows(InvalidRequestException.class, () -> runs.submit(projectId,
                new RunRequest(ProfileService.RUN_TYPE, empty.id(), null, Map.of(), false)));
        assertTrue(noVersion.getMessage().contains("no version to profile"), noVersion.getMessage());

        DatasetVersion version = stage("orders", ORDERS);
        InvalidRequestException noDataset = assertThrows(InvalidRequestException.class, () -> runs.submit(projectId,
                new RunRequest(ProfileService.RUN_TYPE, null, null, Map.of(), false)));
        assertTrue(noDataset.getMessage().contains("dataset_id"), noDataset.getMessage());

        InvalidRequestException unknown = assertThrows(InvalidRequestException.class, () -> runs.submit(projectId,
                new RunRequest(ProfileService.RUN_TYPE, version.datasetId(), null,
                        Map.of("profilers", Map.of("nope", Map.of())), false)));
        assertTrue(unknown.getMessage().contains("no running profiler is called 'nope'; running profilers: stats"),
                unknown.getMessage());

        InvalidRequestException badOption = assertThrows(InvalidRequestException.class, () -> runs.submit(projectId,
                new RunRequest(ProfileService.RUN_TYPE, version.datasetId(), null,
                        Map.of("profilers", Map.of("stats", Map.of("bins", "many", "colour", "red"))), false)));
        assertTrue(badOption.getMessage().contains("params.profilers.stats.bins must be an integer, was 'many'"),
                badOption.getMessage());
        assertTrue(badOption.getMessage().contains("params.profilers.stats.colour is not an option"), badOption.getMessage());

        InvalidRequestException badParam = assertThrows(InvalidRequestException.class, () -> runs.submit(projectId,
                new RunRequest(ProfileService.RUN_TYPE, version.datasetId(), null, Map.of("profiler", Map.of()), false)));
        assertTrue(badParam.getMessage().contains("unknown parameter 'profiler'"), badParam.getMessage());
    }

    @Test
    void listsTheRunningProfilersByNameAndDropsThoseThatLeave() {
        TestProfilers.Stats stats = new TestProfilers.Stats("stats");
        add(stats);
        add(new TestProfilers.Throwing());
        registry.add(new TestProfilers.Stats("stats"), "other.bundle", "2.0.0"); // same name, registered later: left out

        List<ProfilerInfo> infos = profiles.profilers();
        assertEquals(List.of("stats", "throwing"), infos.stream().map(ProfilerInfo::name).toList());
        ProfilerInfo info = infos.get(0);
        assertEquals(BUNDLE, info.bundle());
        assertEquals("1.0.0", info.bundleVersion());
        assertEquals("Test stats", info.title());
        assertNotNull(info.optionsSchema().get("properties"));
        assertTrue(profiles.descriptor().optionsSchema().toString().contains("stats"));

        registry.remove(stats);
        assertEquals(List.of("stats", "throwing"), profiles.profilers().stream().map(ProfilerInfo::name).toList());
        assertEquals("other.bundle", profiles.profilers().get(0).bundle(), "the other 'stats' takes over");
    }

    @Test
    void anEqualRequestReusesTheRunAndForceMakesANewOne() throws Exception {
        DatasetVersion version = stage("orders", ORDERS);
        add(new TestProfilers.Stats("stats"));
        RunRequest request = new RunRequest(ProfileService.RUN_TYPE, version.datasetId(), version.id(), Map.of(), false);
        Run first = succeeded(await(runs.submit(projectId, request).run()));
        assertEquals(first.id(), runs.submit(projectId, request).run().id());
        Run forced = runs.submit(projectId, new RunRequest(ProfileService.RUN_TYPE, version.datasetId(), version.id(),
                Map.of(), true)).run();
        assertFalse(forced.id().equals(first.id()));
        succeeded(await(forced));
    }

    static String profilerStatus(JsonNode profile, String name) {
        for (JsonNode p : profile.get("profilers")) {
            if (p.get("name").asText().equals(name)) return p.get("status").asText();
        }
        return null;
    }

    static Set<String> setOf(java.util.Iterator<String> names) {
        Set<String> set = new java.util.TreeSet<>();
        names.forEachRemaining(set::add);
        return set;
    }
}

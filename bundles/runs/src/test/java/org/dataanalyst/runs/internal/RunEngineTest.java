package org.dataanalyst.runs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.Column;
import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Progress;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.Schema;
import org.dataanalyst.api.catalog.Catalog;
import org.dataanalyst.api.run.LogChunk;
import org.dataanalyst.api.run.RunContext;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.api.run.RunService.Submission;
import org.dataanalyst.api.run.RunType;
import org.dataanalyst.catalog.internal.JdbcCatalog;
import org.dataanalyst.workspace.internal.WorkspaceProjectService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The run engine on a real SQLite catalog and real project workspaces. The run types defined here are
 * test plugins (what a third-party bundle would contribute), not doubles of platform code.
 */
class RunEngineTest {

    @TempDir
    Path dir;

    private Path data;
    private JdbcCatalog jdbc;
    private Catalog catalog;
    private WorkspaceProjectService projects;
    private RunEngine engine;
    private String projectId;
    private final AtomicInteger runUpdates = new AtomicInteger();
    private final List<BlockingType> blockers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        data = dir.resolve("data");
        jdbc = new JdbcCatalog(JdbcCatalog.sqliteUrl(data), "", "");
        catalog = countingRunUpdates(jdbc);
        projects = new WorkspaceProjectService(catalog, data);
        projectId = projects.create("sales", "runs under test").id();
    }

    @AfterEach
    void tearDown() {
        blockers.forEach(b -> b.release.countDown());
        if (engine != null) engine.close();
        jdbc.close();
    }

    // --- life cycle, artifacts, logs ---

    @Test
    void aRunIsQueuedThenRunsOnAWorkerThenSucceedsWithItsArtifacts() throws Exception {
        BlockingType writer = new BlockingType("writer") {
            @Override
            void afterRelease(RunContext context) throws IOException {
                Path out = context.directory().resolve("out").resolve("result.txt");
                Files.createDirectories(out.getParent());
                Files.writeString(out, "Ergebnis: 42 €\n".repeat(10_000), StandardCharsets.UTF_8);
                context.addArtifact(out, "result", "text/plain");
            }
        };
        start(2, writer);

        Submission submission = engine.submit(projectId, request("writer", Map.of()));
        assertTrue(submission.created());
        Run queued = submission.run();
        assertEquals(RunStatus.QUEUED, queued.status());
        assertNull(queued.startedAt());
        assertEquals(queued, engine.get(projectId, queued.id()));

        Await.latch(writer.started, "the run to start");
        Run running = awaitStatus(queued.id(), RunStatus.RUNNING);
        assertNotNull(running.startedAt());
        assertTrue(writer.threads.get(0).startsWith("analyst-run-"), writer.threads.toString());
        assertTrue(Files.isRegularFile(runFolder(queued.id()).resolve("run.log")));

        writer.release.countDown();
        Run done = awaitStatus(queued.id(), RunStatus.SUCCEEDED);
        assertEquals(1.0, done.progress().fraction());
        assertNull(done.reason());
        assertNotNull(done.finishedAt());
        assertFalse(done.finishedAt().isBefore(done.startedAt()));

        Map<String, Artifact> artifacts = engine.artifacts(projectId, queued.id()).stream()
                .collect(Collectors.toMap(Artifact::name, a -> a));
        assertEquals(Set.of("out/result.txt", "run.log"), artifacts.keySet());
        Artifact result = artifacts.get("out/result.txt");
        assertEquals("result", result.type());
        assertEquals("text/plain", result.mediaType());
        byte[] content = Files.readAllBytes(runFolder(queued.id()).resolve("out/result.txt"));
        assertEquals(content.length, result.size());
        assertEquals(sha256(content), result.sha256());
        try (InputStream in = engine.openArtifact(projectId, result.id())) {
            assertEquals(sha256(in.readAllBytes()), result.sha256());
        }
        assertEquals(result, engine.artifact(projectId, result.id()));

        Artifact log = artifacts.get("run.log");
        assertEquals(RunEngine.LOG_ARTIFACT_TYPE, log.type());
        assertTrue(log.mediaType().startsWith("text/plain"));
        byte[] logBytes = Files.readAllBytes(runFolder(queued.id()).resolve("run.log"));
        assertEquals(sha256(logBytes), log.sha256());
        String logText = new String(logBytes, StandardCharsets.UTF_8);
        assertTrue(logText.contains("waiting for the test: ✓ " + queued.id()), logText);
        assertTrue(logText.contains("run succeeded"), logText);
        for (String line : logText.split("\n")) {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z .*"), "timestamped: " + line);
        }
    }

    @Test
    void theCheckRunTypeVerifiesTheWorkspaceAndWritesItsReport() throws Exception {
        start(2);
        Run run = engine.submit(projectId, request("check", Map.of())).run();
        Run done = awaitStatus(run.id(), RunStatus.SUCCEEDED);
        assertEquals(1.0, done.progress().fraction());

        Artifact report = engine.artifacts(projectId, run.id()).stream()
                .filter(a -> a.type().equals(CheckRunType.REPORT_TYPE)).findFirst().orElseThrow();
        assertEquals("check.json", report.name());
        assertEquals("application/json", report.mediaType());
        byte[] bytes = Files.readAllBytes(runFolder(run.id()).resolve("check.json"));
        assertEquals(bytes.length, report.size());
        assertEquals(sha256(bytes), report.sha256());
        JsonNode json = new ObjectMapper().readTree(bytes);
        assertTrue(json.get("ok").asBoolean(), json.toPrettyString());
        assertEquals(5, json.get("folders").size());
        for (JsonNode folder : json.get("folders")) {
            assertTrue(folder.get("present").asBoolean() && folder.get("writable").asBoolean(), folder.toString());
        }
        assertTrue(json.get("disk").get("usable_bytes").asLong() > 0);
        try (var files = Files.list(projects.workspace(projectId).resolve("raw"))) {
            assertEquals(0, files.count(), "the probe files are gone");
        }
        String log = tail(run.id(), 64 * 1024);
        assertTrue(log.contains("raw/: present, writable"), log);
    }

    @Test
    void theCheckRunTypeFailsWhenAFolderIsMissingAndStillReports() throws Exception {
        start(1);
        Files.delete(projects.workspace(projectId).resolve("metadata"));
        Run run = engine.submit(projectId, request("check", Map.of())).run();
        Run failed = awaitStatus(run.id(), RunStatus.FAILED);
        assertEquals("workspace check found 1 problem(s): metadata/ is missing", failed.reason());
        assertTrue(engine.artifacts(projectId, run.id()).stream().anyMatch(a -> a.name().equals("check.json")));
    }

    @Test
    void theLogCanBeTailedWhileTheRunIsLiveWithoutMissingTheEnd() throws Exception {
        BlockingType talker = new BlockingType("talker") {
            @Override
            void afterRelease(RunContext context) {
                for (int i = 0; i < 200; i++) context.log("after release line {} – ü€😀", i);
            }
        };
        start(1, talker);
        Run run = engine.submit(projectId, request("talker", Map.of())).run();
        Await.latch(talker.started, "the run to start");

        LogChunk live = Await.until(() -> engine.log(projectId, run.id(), 0, 65536),
                c -> c.text().contains("waiting for the test"), "the first line");
        assertFalse(live.complete());
        assertEquals(0, live.offset());

        talker.release.countDown();
        // small chunks: characters must never be split, and the tail must end only after the last line
        StringBuilder tailed = new StringBuilder(live.text());
        long offset = live.nextOffset();
        long deadline = System.nanoTime() + Await.TIMEOUT.toNanos();
        while (true) {
            LogChunk chunk = engine.log(projectId, run.id(), offset, 7);
            assertFalse(chunk.text().contains("\uFFFD"), chunk.text());
            assertTrue(chunk.text().getBytes(StandardCharsets.UTF_8).length <= 7);
            assertEquals(offset, chunk.offset());
            tailed.append(chunk.text());
            offset = chunk.nextOffset();
            if (chunk.complete()) break;
            if (System.nanoTime() - deadline > 0) fail("the tail never completed");
            if (chunk.text().isEmpty()) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        String whole = Files.readString(runFolder(run.id()).resolve("run.log"), StandardCharsets.UTF_8);
        assertEquals(whole, tailed.toString());
        assertTrue(whole.contains("after release line 199 – ü€😀"));
        assertTrue(whole.contains("run succeeded"));

        LogChunk past = engine.log(projectId, run.id(), offset + 100, 100);
        assertEquals("", past.text());
        assertTrue(past.complete());
        assertThrows(NotFoundException.class, () -> engine.log(projectId, "no-such-run", 0, 100));
        assertThrows(InvalidRequestException.class, () -> engine.log(projectId, run.id(), -1, 100));
    }

    @Test
    void theEngineCapsALogRead() throws Exception {
        engine = new RunEngine(catalog, projects, 1, 1024, Duration.ofSeconds(1), Duration.ofSeconds(5));
        EchoType echo = new EchoType("echo") {
            @Override
            public void execute(RunContext context) {
                for (int i = 0; i < 100; i++) context.log("line {} of a long log", i);
            }
        };
        engine.addRunType("echo", echo);
        Run run = engine.submit(projectId, request("echo", Map.of())).run();
        awaitStatus(run.id(), RunStatus.SUCCEEDED);
        LogChunk chunk = engine.log(projectId, run.id(), 0, 1_000_000);
        assertEquals(1024, chunk.nextOffset());
        assertFalse(chunk.complete(), "more to read");
    }

    // --- failures ---

    @Test
    void aFailingRunTypeFailsOnlyItsRunWithReasonAndStackTrace() throws Exception {
        EchoType failing = new EchoType("failing") {
            @Override
            public void execute(RunContext context) {
                context.log("about to fail");
                throw new IllegalStateException("the input is broken");
            }
        };
        EchoType silent = new EchoType("silent") {
            @Override
            public void execute(RunContext context) {
                throw new UnsupportedOperationException();
            }
        };
        start(1, failing, silent);
        Run run = engine.submit(projectId, request("failing", Map.of())).run();
        Run failed = awaitStatus(run.id(), RunStatus.FAILED);
        assertEquals("the input is broken", failed.reason());
        assertNotNull(failed.finishedAt());
        String log = tail(run.id(), 65536);
        assertTrue(log.contains("about to fail"), log);
        assertTrue(log.contains("java.lang.IllegalStateException: the input is broken"), log);
        assertTrue(log.contains("at org.dataanalyst.runs.internal.RunEngineTest"), log);

        Run noMessage = engine.submit(projectId, request("silent", Map.of())).run();
        assertEquals("java.lang.UnsupportedOperationException", awaitStatus(noMessage.id(), RunStatus.FAILED).reason());

        Run after = engine.submit(projectId, request("check", Map.of())).run();
        awaitStatus(after.id(), RunStatus.SUCCEEDED);
    }

    @Test
    void anArtifactOutsideTheRunFolderFailsTheRun() throws Exception {
        EchoType escaping = new EchoType("escaping") {
            @Override
            public void execute(RunContext context) throws IOException {
                Path outside = context.workspace().resolve("metadata").resolve("x.json");
                Files.writeString(outside, "{}");
                context.addArtifact(outside, "x", "application/json");
            }
        };
        start(1, escaping);
        Run run = engine.submit(projectId, request("escaping", Map.of())).run();
        Run failed = awaitStatus(run.id(), RunStatus.FAILED);
        assertTrue(failed.reason().contains("inside the run folder"), failed.reason());
        assertEquals(List.of("run.log"), engine.artifacts(projectId, run.id()).stream().map(Artifact::name).toList());
    }

    @Test
    void anArtifactRowPointingOutsideItsRunFolderIsNotServed() throws Exception {
        start(1);
        Run run = engine.submit(projectId, request("check", Map.of())).run();
        awaitStatus(run.id(), RunStatus.SUCCEEDED);
        Artifact evil = new Artifact(UUID.randomUUID().toString(), projectId, run.id(), "../../project.json", "x",
                "application/json", 1, "00", Instant.now());
        catalog.insertArtifact(evil);
        assertThrows(NotFoundException.class, () -> engine.openArtifact(projectId, evil.id()));
        assertThrows(NotFoundException.class, () -> engine.openArtifact(projectId, "no-such-artifact"));
        assertThrows(NotFoundException.class, () -> engine.artifacts(projectId, "no-such-run"));
    }

    // --- cancelling ---

    @Test
    void aQueuedRunIsCancelledAtOnceAndNeverStarts() throws Exception {
        BlockingType first = new BlockingType("first");
        EchoType second = new EchoType("second");
        start(1, first, second);
        Run a = engine.submit(projectId, request("first", Map.of())).run();
        Await.latch(first.started, "the first run to start");
        Run b = engine.submit(projectId, request("second", Map.of())).run();

        Run cancelled = engine.cancel(projectId, b.id());
        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertEquals(RunEngine.REASON_CANCELLED, cancelled.reason());
        assertNotNull(cancelled.finishedAt());
        assertEquals(cancelled, engine.get(projectId, b.id()));

        first.release.countDown();
        awaitStatus(a.id(), RunStatus.SUCCEEDED);
        // the single worker has taken and dropped the cancelled run by now: a third run proves it moved on
        Run c = engine.submit(projectId, request("check", Map.of())).run();
        awaitStatus(c.id(), RunStatus.SUCCEEDED);
        assertEquals(0, second.executions.get());
        Run b2 = engine.get(projectId, b.id());
        assertEquals(RunStatus.CANCELLED, b2.status());
        assertNull(b2.startedAt());
        assertEquals(cancelled, engine.cancel(projectId, b.id()), "cancelling again changes nothing");
    }

    @Test
    void aRunningRunIsInterruptedAndEndsCancelled() throws Exception {
        BlockingType blocker = new BlockingType("block");
        start(1, blocker);
        Run run = engine.submit(projectId, request("block", Map.of())).run();
        Await.latch(blocker.started, "the run to start");
        awaitStatus(run.id(), RunStatus.RUNNING);

        Run asked = engine.cancel(projectId, run.id());
        assertTrue(asked.status() == RunStatus.RUNNING || asked.status() == RunStatus.CANCELLED, asked.toString());
        Run cancelled = awaitStatus(run.id(), RunStatus.CANCELLED);
        assertEquals(RunEngine.REASON_CANCELLED, cancelled.reason());
        assertTrue(blocker.sawCancel);
        assertTrue(tail(run.id(), 65536).contains("noticed the cancel"));

        Run ended = engine.cancel(projectId, run.id());
        assertEquals(cancelled, ended, "a terminal run stays as it is");
        Run next = engine.submit(projectId, request("check", Map.of())).run();
        awaitStatus(next.id(), RunStatus.SUCCEEDED); // the worker is not left interrupted
    }

    @Test
    void theCheckRunTypeHoldsUntilCancelled() throws Exception {
        start(1);
        Run run = engine.submit(projectId, request("check", Map.of("hold_seconds", 600))).run();
        Await.until(() -> engine.get(projectId, run.id()), r -> r.progress().message().startsWith("holding"),
                "the check to hold");
        engine.cancel(projectId, run.id());
        Run cancelled = awaitStatus(run.id(), RunStatus.CANCELLED);
        assertTrue(cancelled.progress().fraction() >= 0.2 && cancelled.progress().fraction() < 1, cancelled.toString());
        assertTrue(tail(run.id(), 65536).contains("cancelled while holding"));
    }

    // --- idempotency and validation ---

    @Test
    void anEqualRequestGetsTheSameRunUnlessForced() throws Exception {
        EchoType echo = new EchoType("echo");
        start(2, echo);
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("x", 1);
        inner.put("y", List.of("a", "b"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("columns", inner);
        params.put("limit", 10);
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("limit", 10);
        reordered.put("columns", Map.of("y", List.of("a", "b"), "x", 1));

        Submission first = engine.submit(projectId, request("echo", params));
        assertTrue(first.created());
        Submission again = engine.submit(projectId, request("echo", reordered));
        assertFalse(again.created());
        assertEquals(first.run().id(), again.run().id());
        assertEquals(first.run().idempotencyKey(), again.run().idempotencyKey());

        awaitStatus(first.run().id(), RunStatus.SUCCEEDED);
        Submission afterSuccess = engine.submit(projectId, request("echo", params));
        assertFalse(afterSuccess.created());
        assertEquals(first.run().id(), afterSuccess.run().id());
        assertEquals(RunStatus.SUCCEEDED, afterSuccess.run().status());

        Submission forced = engine.submit(projectId, new RunRequest("echo", null, null, params, true));
        assertTrue(forced.created());
        assertNotEquals(first.run().id(), forced.run().id());

        Submission other = engine.submit(projectId, request("echo", Map.of("limit", 11)));
        assertTrue(other.created());
        assertEquals(3, engine.list(projectId, 0, 50).total(), "first, forced, other");
    }

    @Test
    void aFailedRunIsNotReused() throws Exception {
        EchoType failing = new EchoType("flaky") {
            @Override
            public void execute(RunContext context) {
                throw new IllegalStateException("first attempt fails");
            }
        };
        start(1, failing);
        Run first = engine.submit(projectId, request("flaky", Map.of())).run();
        awaitStatus(first.id(), RunStatus.FAILED);
        Submission retry = engine.submit(projectId, request("flaky", Map.of()));
        assertTrue(retry.created());
        assertNotEquals(first.id(), retry.run().id());
    }

    @Test
    void anUnknownTypeIsRefusedWithTheKnownTypes() {
        start(1, new EchoType("echo"));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> engine.submit(projectId, request("nope", Map.of())));
        assertEquals("unknown run type 'nope'; known types: check, echo", e.getMessage());
        assertEquals(0, engine.list(projectId, 0, 50).total(), "nothing was stored");
    }

    @Test
    void theRunTypeValidatesBeforeAnythingIsStored() {
        start(1);
        assertThrows(InvalidRequestException.class,
                () -> engine.submit(projectId, request("check", Map.of("hold_seconds", 1.5))));
        assertThrows(InvalidRequestException.class,
                () -> engine.submit(projectId, request("check", Map.of("hold_seconds", 4000))));
        assertThrows(NotFoundException.class, () -> engine.submit("no-such-project", request("check", Map.of())));
        assertThrows(NotFoundException.class,
                () -> engine.submit(projectId, new RunRequest("check", "no-such-dataset", null, Map.of(), false)));
        assertEquals(0, engine.list(projectId, 0, 50).total());
    }

    @Test
    void aVersionNamesItsDatasetAndIsPartOfTheKey() {
        start(1, new EchoType("echo"));
        Dataset orders = new Dataset(UUID.randomUUID().toString(), projectId, "orders", Instant.now());
        catalog.insertDataset(orders);
        DatasetVersion v1 = version(orders, 1);
        DatasetVersion v2 = version(orders, 2);

        Run onV1 = engine.submit(projectId, new RunRequest("echo", null, v1.id(), Map.of(), false)).run();
        assertEquals(orders.id(), onV1.datasetId(), "the dataset comes from the version");
        assertEquals(v1.id(), onV1.datasetVersionId());
        assertFalse(engine.submit(projectId, new RunRequest("echo", orders.id(), v1.id(), Map.of(), false)).created());
        assertTrue(engine.submit(projectId, new RunRequest("echo", orders.id(), v2.id(), Map.of(), false)).created());
        assertTrue(engine.submit(projectId, new RunRequest("echo", orders.id(), null, Map.of(), false)).created());

        assertThrows(InvalidRequestException.class,
                () -> engine.submit(projectId, new RunRequest("echo", "other-dataset", v1.id(), Map.of(), false)));
        assertThrows(NotFoundException.class,
                () -> engine.submit(projectId, new RunRequest("echo", null, "no-such-version", Map.of(), false)));
    }

    @Test
    void aRunTypeMayResolveTheVersionBeforeTheKeyIsComputed() {
        EchoType latest = new EchoType("latest") {
            @Override
            public RunRequest resolve(String project, RunRequest request) {
                return catalog.latestVersion(request.datasetId())
                        .map(v -> new RunRequest(request.type(), request.datasetId(), v.id(), request.params(), request.force()))
                        .orElse(request);
            }
        };
        start(1, latest);
        Dataset orders = new Dataset(UUID.randomUUID().toString(), projectId, "orders", Instant.now());
        catalog.insertDataset(orders);
        DatasetVersion v1 = version(orders, 1);

        Run first = engine.submit(projectId, new RunRequest("latest", orders.id(), null, Map.of(), false)).run();
        assertEquals(v1.id(), first.datasetVersionId(), "the run records the version the type resolved");
        assertFalse(engine.submit(projectId, new RunRequest("latest", orders.id(), null, Map.of(), false)).created(),
                "same data: the equal run is reused");

        DatasetVersion v2 = version(orders, 2);
        Submission after = engine.submit(projectId, new RunRequest("latest", orders.id(), null, Map.of(), false));
        assertTrue(after.created(), "a new version is new work, not the old run");
        assertEquals(v2.id(), after.run().datasetVersionId());
    }

    private DatasetVersion version(Dataset dataset, int number) {
        DatasetVersion version = new DatasetVersion(UUID.randomUUID().toString(), dataset.id(), number, 10, 100,
                new Schema(List.of(new Column("id", "BIGINT", false))), Map.of(), null, Instant.now());
        catalog.insertVersion(version);
        return version;
    }

    @Test
    void theTypesAreTheInstalledRunTypes() {
        start(1, new EchoType("echo"));
        Map<String, Descriptor> types = engine.types();
        assertEquals(List.of("check", "echo"), List.copyOf(types.keySet()));
        assertEquals("Workspace check", types.get("check").title());
    }

    // --- the pool ---

    @Test
    void thePoolIsBounded() throws Exception {
        BlockingType blocker = new BlockingType("block");
        start(1, blocker);
        Run a = engine.submit(projectId, request("block", Map.of("n", 1))).run();
        Run b = engine.submit(projectId, request("block", Map.of("n", 2))).run();
        Await.latch(blocker.started, "the first run to start");
        assertEquals(RunStatus.RUNNING, awaitStatus(a.id(), RunStatus.RUNNING).status());
        assertEquals(RunStatus.QUEUED, engine.get(projectId, b.id()).status());
        assertEquals(1, blocker.executions.get());

        blocker.release.countDown();
        awaitStatus(a.id(), RunStatus.SUCCEEDED);
        awaitStatus(b.id(), RunStatus.SUCCEEDED);
        assertEquals(2, blocker.executions.get());
        assertEquals(1, Set.copyOf(blocker.threads).size(), "one worker thread: " + blocker.threads);
    }

    @Test
    void aRunWhoseTypeWasRemovedWhileQueuedFails() throws Exception {
        BlockingType blocker = new BlockingType("block");
        EchoType echo = new EchoType("echo");
        start(1, blocker, echo);
        Run a = engine.submit(projectId, request("block", Map.of())).run();
        Await.latch(blocker.started, "the first run to start");
        Run b = engine.submit(projectId, request("echo", Map.of())).run();
        engine.removeRunType("echo", echo);
        blocker.release.countDown();
        awaitStatus(a.id(), RunStatus.SUCCEEDED);
        Run failed = awaitStatus(b.id(), RunStatus.FAILED);
        assertEquals("run type 'echo' is not installed", failed.reason());
        assertEquals(0, echo.executions.get());
    }

    @Test
    void removingARunTypeFailsItsRunningRuns() throws Exception {
        BlockingType blocker = new BlockingType("block");
        start(1, blocker);
        Run run = engine.submit(projectId, request("block", Map.of())).run();
        Await.latch(blocker.started, "the run to start");
        engine.removeRunType("block", blocker);
        Run failed = awaitStatus(run.id(), RunStatus.FAILED);
        assertEquals("run type 'block' was uninstalled while the run was running", failed.reason());
    }

    // --- progress ---

    @Test
    void progressIsThrottledButTheLastReportIsKept() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        BlockingType reporter = new BlockingType("reporter") {
            @Override
            void beforeBlocking(RunContext context) {
                for (int i = 1; i <= 2000; i++) context.progress(i / 4000.0, "step " + i);
                reported.countDown();
            }
        };
        start(1, reporter);
        Run run = engine.submit(projectId, request("reporter", Map.of())).run();
        long t0 = System.nanoTime();
        Await.latch(reported, "the progress reports");
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        Run latest = Await.until(() -> engine.get(projectId, run.id()), r -> r.progress().message().equals("step 2000"),
                "the last progress report to be stored");
        assertEquals(new Progress(0.5, "step 2000"), latest.progress());
        assertEquals(RunStatus.RUNNING, latest.status());
        // queued→running, then ~10 progress writes a second (plus slack for the timer's flush)
        int allowed = 2 + (int) (elapsedMillis / 100) + 3;
        assertTrue(runUpdates.get() <= allowed, runUpdates.get() + " run updates in " + elapsedMillis + " ms");
    }

    // --- start and stop ---

    @Test
    void atStartRunningRunsAreMarkedInterruptedAndQueuedRunsExecute() throws Exception {
        Instant earlier = Instant.now().minusSeconds(60);
        Run wasRunning = new Run(UUID.randomUUID().toString(), projectId, "check", null, null, Map.of(), "k1",
                RunStatus.RUNNING, new Progress(0.4, "halfway"), null, earlier, earlier.plusSeconds(1), null);
        catalog.insertRun(wasRunning);
        Path oldLog = runFolder(wasRunning.id()).resolve("run.log");
        Files.createDirectories(oldLog.getParent());
        Files.writeString(oldLog, "2020-01-01T00:00:00.000Z before the crash\n");
        Run wasQueued = new Run(UUID.randomUUID().toString(), projectId, "echo", null, null, Map.of("a", 1), "k2",
                RunStatus.QUEUED, Progress.NONE, null, earlier.plusSeconds(2), null, null);
        catalog.insertRun(wasQueued);

        EchoType echo = new EchoType("echo");
        engine = new RunEngine(catalog, projects, 2);
        Run interrupted = engine.get(projectId, wasRunning.id());
        assertEquals(RunStatus.FAILED, interrupted.status());
        assertEquals(Run.REASON_INTERRUPTED, interrupted.reason());
        assertNotNull(interrupted.finishedAt());
        assertEquals(new Progress(0.4, "halfway"), interrupted.progress());
        String log = Files.readString(oldLog);
        assertTrue(log.startsWith("2020-01-01T00:00:00.000Z before the crash\n"), log);
        assertTrue(log.contains("interrupted"), log);

        // the plugin comes up after the engine, as bundles may at a start: the queued run waits for it
        engine.addRunType("echo", echo);
        awaitStatus(wasQueued.id(), RunStatus.SUCCEEDED);
        assertEquals(1, echo.executions.get());
    }

    @Test
    void aRecoveredRunWhoseTypeNeverComesFailsAfterTheWait() throws Exception {
        Run wasQueued = new Run(UUID.randomUUID().toString(), projectId, "gone", null, null, Map.of(), "k",
                RunStatus.QUEUED, Progress.NONE, null, Instant.now(), null, null);
        catalog.insertRun(wasQueued);
        engine = new RunEngine(catalog, projects, 1, 1024 * 1024, Duration.ofMillis(200), Duration.ofSeconds(5));
        Run failed = awaitStatus(wasQueued.id(), RunStatus.FAILED);
        assertEquals("run type 'gone' is not installed", failed.reason());
    }

    @Test
    void stoppingTheEngineFailsRunningRunsAndKeepsQueuedOnes() throws Exception {
        BlockingType blocker = new BlockingType("block");
        start(1, blocker);
        Run running = engine.submit(projectId, request("block", Map.of("n", 1))).run();
        Await.latch(blocker.started, "the run to start");
        Run queued = engine.submit(projectId, request("block", Map.of("n", 2))).run();

        engine.close();
        Run interrupted = engine.get(projectId, running.id());
        assertEquals(RunStatus.FAILED, interrupted.status());
        assertEquals(Run.REASON_INTERRUPTED, interrupted.reason());
        assertEquals(RunStatus.QUEUED, engine.get(projectId, queued.id()).status());
        assertThrows(IllegalStateException.class, () -> engine.submit(projectId, request("check", Map.of())));

        // the next start takes the queued run up again
        BlockingType after = new BlockingType("block");
        after.release.countDown();
        start(1, after);
        awaitStatus(queued.id(), RunStatus.SUCCEEDED);
        assertEquals(RunStatus.FAILED, engine.get(projectId, running.id()).status());
    }

    // --- helpers ---

    private void start(int workers, RunType... types) {
        engine = new RunEngine(catalog, projects, workers);
        engine.addRunType(CheckRunType.NAME, new CheckRunType());
        for (RunType type : types) {
            String name = type instanceof EchoType e ? e.name : ((BlockingType) type).name;
            engine.addRunType(name, type);
            if (type instanceof BlockingType b) blockers.add(b);
        }
    }

    private static RunRequest request(String type, Map<String, Object> params) {
        return new RunRequest(type, null, null, params, false);
    }

    private Run awaitStatus(String runId, RunStatus status) {
        return Await.until(() -> engine.get(projectId, runId), r -> r.status() == status, "run " + runId + " " + status);
    }

    private Path runFolder(String runId) {
        return projects.workspace(projectId).resolve("runs").resolve(runId);
    }

    /** Reads a run's whole log the way a client tails it: until complete. */
    private String tail(String runId, int maxBytes) {
        StringBuilder text = new StringBuilder();
        long offset = 0;
        long deadline = System.nanoTime() + Await.TIMEOUT.toNanos();
        while (true) {
            LogChunk chunk = engine.log(projectId, runId, offset, maxBytes);
            text.append(chunk.text());
            offset = chunk.nextOffset();
            if (chunk.complete()) return text.toString();
            if (System.nanoTime() - deadline > 0) fail("the log of " + runId + " never completed: " + text);
            if (chunk.text().isEmpty()) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The real catalog, counting {@code updateRun} calls (to see progress throttling). */
    private Catalog countingRunUpdates(Catalog real) {
        return (Catalog) Proxy.newProxyInstance(Catalog.class.getClassLoader(), new Class<?>[] {Catalog.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("updateRun")) runUpdates.incrementAndGet();
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    // --- test plugins ---

    /** A run type that succeeds at once, counting its executions. */
    static class EchoType implements RunType {
        final String name;
        final AtomicInteger executions = new AtomicInteger();

        EchoType(String name) {
            this.name = name;
        }

        @Override
        public Descriptor descriptor() {
            return new Descriptor(name, name, "test run type", null);
        }

        @Override
        public void execute(RunContext context) throws Exception {
            executions.incrementAndGet();
            context.log("echo {}", context.run().params());
        }
    }

    /** A run type that blocks until the test releases it, and stops early when cancelled. */
    static class BlockingType implements RunType {
        final String name;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger executions = new AtomicInteger();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile boolean sawCancel;

        BlockingType(String name) {
            this.name = name;
        }

        @Override
        public Descriptor descriptor() {
            return new Descriptor(name, name, "waits for the test", null);
        }

        @Override
        public void execute(RunContext context) throws Exception {
            executions.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            context.log("waiting for the test: ✓ {}", context.run().id());
            context.progress(0.25, "waiting");
            beforeBlocking(context);
            started.countDown();
            try {
                if (!release.await(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("the test never released the run");
                }
            } catch (InterruptedException e) {
                if (context.isCancelled()) {
                    sawCancel = true;
                    context.log("noticed the cancel");
                    return;
                }
                throw e;
            }
            context.log("released");
            afterRelease(context);
        }

        void beforeBlocking(RunContext context) {
        }

        void afterRelease(RunContext context) throws IOException {
        }
    }
}

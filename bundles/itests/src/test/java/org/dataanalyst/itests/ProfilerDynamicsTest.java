package org.dataanalyst.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.dataset.DatasetService;
import org.dataanalyst.api.dataset.Ingestion;
import org.dataanalyst.api.dataset.IngestRequest;
import org.dataanalyst.api.dataset.Upload;
import org.dataanalyst.api.profile.ProfileService;
import org.dataanalyst.api.profile.ProfilerInfo;
import org.dataanalyst.api.project.ProjectService;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.api.run.RunService;
import org.dataanalyst.spi.connector.SourceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A profiler bundle installed into the running framework takes part in the next profile run, and the run after its
 * uninstallation has no trace of it: the {@code profile} run type tracks profiler services dynamically. The bundle is
 * {@code tests/sample-profiler} (profiler {@code sample_sums}), installed from its jar (copied by the pom, named by
 * test.bndrun as {@code itest.sample.profiler.jar}) with the framework's own API, as a file-install would.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ProfilerDynamicsTest {

    static final String PROFILER = "sample_sums";
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 30_000)
    RunService runs;

    @InjectService(timeout = 30_000)
    ProjectService projects;

    @InjectService(timeout = 30_000)
    DatasetService datasets;

    @InjectService(timeout = 30_000)
    ProfileService profiles;

    Project project;
    Bundle installed;

    @BeforeEach
    void project() {
        project = projects.create("profilers-" + UUID.randomUUID().toString().substring(0, 8), "");
    }

    /** Whatever happens, the framework is left without the sample profiler for the tests after this one. */
    @AfterEach
    void cleanUp() throws Exception {
        if (installed != null && installed.getState() != Bundle.UNINSTALLED) {
            uninstall(installed);
        }
        projects.delete(project.id());
    }

    @Test
    void aProfilerBundleInstalledAtRuntimeTakesPartInTheNextProfileAndNotAfterItsUninstallation() throws Exception {
        // id 1…30, qty from -2 to 2, debt never above zero, label text
        long[] ids = new long[30];
        long[] qty = new long[30];
        long[] debt = new long[30];
        StringBuilder csv = new StringBuilder("id,qty,debt,label\n");
        for (int i = 0; i < 30; i++) {
            ids[i] = i + 1;
            qty[i] = (i + 1) % 5 - 2;
            debt[i] = -((i + 1) % 3);
            csv.append(ids[i]).append(',').append(qty[i]).append(',').append(debt[i]).append(",row ").append(i).append('\n');
        }
        String dataset = ingest(csv.toString());

        assertFalse(profilerNames().contains(PROFILER), () -> "not running before: " + profilerNames());
        assertFalse(profile(dataset).get("sections").has(PROFILER), "no section before the bundle is installed");

        Path jar = sampleProfilerJar();
        try (InputStream in = Files.newInputStream(jar)) {
            installed = context.installBundle(jar.toUri().toString(), in);
        }
        installed.start();
        await(() -> profilerNames().contains(PROFILER), () -> "profilers: " + profilerNames());

        JsonNode with = profile(dataset);
        assertEquals(0, with.get("failures").size(), () -> "no failure: " + with.get("failures"));
        JsonNode section = with.get("sections").get(PROFILER);
        assertNotNull(section, () -> "its section: " + with.get("sections"));
        assertFigure(30, section.get("rows"));
        assertFigure(30, section.get("rows_seen"));
        JsonNode columns = section.get("columns");
        assertEquals(3, columns.size(), columns::toString);
        long[][] expected = {ids, qty, debt};
        String[] names = {"id", "qty", "debt"};
        for (int c = 0; c < 3; c++) {
            JsonNode column = columns.get(c);
            assertEquals(names[c], column.get("name").asText(), column::toString);
            assertFigure(Arrays.stream(expected[c]).sum(), column.get("sum"));
            assertFigure(Arrays.stream(expected[c]).filter(v -> v > 0).count(), column.get("positive"));
        }
        List<String> alerts = new ArrayList<>();
        with.get("alerts").forEach(a -> {
            if (a.get("profiler").asText().equals(PROFILER)) {
                alerts.add(a.get("kind").asText() + ":" + a.get("column").asText());
            }
        });
        assertEquals(List.of("no_positive_values:debt"), alerts, with.get("alerts")::toString);
        assertTrue(with.get("sections").has("columns") && with.get("sections").has("quality"), "the built-ins still run");

        uninstall(installed);
        assertFalse(profilerNames().contains(PROFILER), () -> "gone at once: " + profilerNames());
        JsonNode after = profile(dataset);
        assertFalse(after.get("sections").has(PROFILER), () -> "no section after: " + after.get("sections"));
        assertEquals(0, after.get("failures").size(), () -> "no failure: " + after.get("failures"));
        assertTrue(after.get("sections").has("columns") && after.get("sections").has("quality"));
    }

    // ----------------------------------------------------------------------------------------------------------------

    /** Receives the CSV into the project's raw/ folder and ingests it; returns the dataset id. */
    private String ingest(String csv) throws Exception {
        Upload upload = datasets.receive(project.id(), "stock.csv",
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
        Ingestion ingestion = datasets.ingest(project.id(),
                new IngestRequest("stock", new SourceSpec("csv", upload.location(), Map.of()), null, false));
        Run done = awaitTerminal(ingestion.run());
        assertEquals(RunStatus.SUCCEEDED, done.status(), () -> "ingest: " + done.reason());
        return ingestion.dataset().id();
    }

    /** Runs a forced profile of the dataset's latest version and returns its profile.json. */
    private JsonNode profile(String dataset) throws Exception {
        Run run = runs.submit(project.id(), new RunRequest("profile", dataset, null, Map.of(), true)).run();
        Run done = awaitTerminal(run);
        assertEquals(RunStatus.SUCCEEDED, done.status(), () -> "profile: " + done.reason());
        Artifact json = runs.artifacts(project.id(), run.id()).stream().filter(a -> a.name().equals("profile.json"))
                .findFirst().orElseThrow(() -> new AssertionError("no profile.json: " + runs.artifacts(project.id(), run.id())));
        try (InputStream in = runs.openArtifact(project.id(), json.id())) {
            return JSON.readTree(in);
        }
    }

    private List<String> profilerNames() {
        return profiles.profilers().stream().map(ProfilerInfo::name).toList();
    }

    /** Uninstalls the bundle and refreshes the framework's wiring, waiting for the refresh to finish. */
    private void uninstall(Bundle bundle) throws BundleException, InterruptedException {
        bundle.uninstall();
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                refreshed.countDown();
            }
        });
        assertTrue(refreshed.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the framework refreshed");
    }

    private static void assertFigure(long expected, JsonNode figure) {
        assertNotNull(figure, "the figure is present");
        assertEquals(expected, figure.get("value").asLong(), figure::toString);
        assertTrue(figure.get("exact").asBoolean(), figure::toString);
    }

    private static Path sampleProfilerJar() {
        String path = System.getProperty("itest.sample.profiler.jar");
        assertNotNull(path, "system property itest.sample.profiler.jar (test.bndrun)");
        Path jar = Path.of(path);
        assertTrue(Files.isRegularFile(jar), "the sample profiler jar copied by the pom: " + jar);
        return jar;
    }

    private Run awaitTerminal(Run run) {
        await(() -> runs.get(project.id(), run.id()).status().isTerminal(), () -> "run " + runs.get(project.id(), run.id()));
        return runs.get(project.id(), run.id());
    }

    /** Waits (bounded) for a condition; never a fixed sleep. */
    private static void await(BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s; " + state.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}

package org.dataanalyst.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * Plugins come and go while the platform serves requests: the sample plugin of {@code tests/sample-plugin}
 * (run type {@code echo}) uploaded, used and removed under a steady load of other requests; dropped into
 * {@code <data>/plugins/} by hand and kept across a restart; and its variant that does not resolve refused with the
 * missing requirement.
 */
class PluginHotInstallIT extends ServerTest {

    private static final String SAMPLE_NAME = "org.dataanalyst.tests.sample-plugin";
    private static final String UNRESOLVABLE_NAME = SAMPLE_NAME + ".unresolvable";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);


    @Test
    void aPluginIsUploadedUsedAndRemovedWhileOtherRequestsGoOn() throws Exception {
        String project = createProject(api);
        assertUnknownType(api, project);

        try (Load load = Load.start(api)) {
            Api.Response uploaded = upload(api, "sample.jar", sampleJar());
            assertEquals(201, uploaded.status(), uploaded::toString);
            JsonNode plugin = uploaded.json();
            long id = plugin.get("id").asLong();
            assertEquals(SAMPLE_NAME, plugin.get("symbolic_name").asText(), plugin::toString);
            assertEquals("ACTIVE", plugin.get("state").asText(), plugin::toString);
            assertTrue(services(plugin).contains("run-type:echo"), plugin::toString);

            JsonNode listed = plugin(api.get("/api/plugins").json(), id);
            assertNotNull(listed, "listed after upload");
            assertTrue(services(listed).contains("run-type:echo"), listed::toString);
            assertTrue(runTypes(api).contains("echo"));

            JsonNode run = runEcho(api, project);
            assertEquals("succeeded", run.get("status").asText(), run::toString);
            assertEchoed(api, project, run.get("id").asText());

            Api.Response removed = api.delete("/api/plugins/" + id);
            assertEquals(204, removed.status(), removed::toString);
            assertNull(plugin(api.get("/api/plugins").json(), id), "gone from the list");
            assertFalse(runTypes(api).contains("echo"));
            assertUnknownType(api, project);
            assertEquals(List.of(), files(server.dataDir().resolve("plugins")), "the jar left the plugin folder");

            load.assertAllSucceeded();
        }
    }

    @Test
    void aJarThatDoesNotResolveIsRefusedWithTheMissingRequirement() throws Exception {
        Path plugins = server.dataDir().resolve("plugins");

        Api.Response refused = upload(api, "broken.jar", unresolvableJar());
        ApiTest.assertProblem(refused, 400, "org.example.missing");
        assertEquals(List.of(), files(plugins), "nothing is left in the plugin folder");
        assertNull(plugin(api.get("/api/plugins").json(), UNRESOLVABLE_NAME));

        Files.copy(unresolvableJar(), plugins.resolve("broken.jar"));
        JsonNode list = api.await("/api/plugins", l -> plugin(l, UNRESOLVABLE_NAME) != null
                && !plugin(l, UNRESOLVABLE_NAME).path("problem").isNull(), Duration.ofSeconds(5));
        JsonNode broken = plugin(list, UNRESOLVABLE_NAME);
        assertEquals("INSTALLED", broken.get("state").asText(), broken::toString);
        assertTrue(broken.get("problem").asText().contains("org.example.missing"), broken::toString);

        assertEquals(204, api.delete("/api/plugins/" + broken.get("id").asLong()).status());
        assertEquals(List.of(), files(plugins));
    }

    @Test
    void aJarDroppedIntoThePluginFolderIsAPluginAndSurvivesARestart() throws Exception {
        ServerProcess own = ServerProcess.start(temp.resolve("drop-in"));
        try {
            Path plugins = own.dataDir().resolve("plugins");
            assertTrue(Files.isDirectory(plugins), "the platform creates the plugin folder");
            Files.copy(sampleJar(), plugins.resolve("dropped.jar"));
            JsonNode list = own.api().await("/api/plugins", l -> isActive(plugin(l, SAMPLE_NAME)), Duration.ofSeconds(2));
            assertTrue(services(plugin(list, SAMPLE_NAME)).contains("run-type:echo"), list::toString);

            own = own.restart();
            Api again = own.api();
            list = again.await("/api/plugins", l -> isActive(plugin(l, SAMPLE_NAME)), Duration.ofSeconds(10));
            assertTrue(plugin(list, SAMPLE_NAME).get("location").asText().endsWith("/plugins/dropped.jar"), list::toString);
            again.await("/api/run-types", types -> names(types).contains("echo"), Duration.ofSeconds(10));
            String project = createProject(again);
            JsonNode run = runEcho(again, project);
            assertEquals("succeeded", run.get("status").asText(), run::toString);
            assertEchoed(again, project, run.get("id").asText());
        } finally {
            own.stop();
        }
    }

    // ----------------------------------------------------------------------------------------------------------------

    /** Keeps calling {@code GET /api/projects} and {@code GET /api/run-types} and counts every answer but 2xx. */
    private static final class Load implements AutoCloseable {
        private final CountDownLatch stop = new CountDownLatch(1);
        private final AtomicInteger requests = new AtomicInteger();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final Thread thread;

        private Load(Api api) {
            thread = new Thread(() -> {
                try {
                    while (!stop.await(20, TimeUnit.MILLISECONDS)) {
                        for (String path : new String[] {"/api/projects", "/api/run-types"}) {
                            requests.incrementAndGet();
                            try {
                                Api.Response r = api.get(path);
                                if (r.status() / 100 != 2) {
                                    failures.add("GET " + path + " -> " + r);
                                }
                            } catch (RuntimeException e) {
                                failures.add("GET " + path + " -> " + e);
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "plugin-it-load");
            thread.setDaemon(true);
        }

        static Load start(Api api) {
            Load load = new Load(api);
            load.thread.start();
            return load;
        }

        void assertAllSucceeded() throws InterruptedException {
            close();
            assertTrue(requests.get() > 10, "the load ran: " + requests.get() + " requests");
            assertEquals(List.of(), new ArrayList<>(failures), "failed requests out of " + requests.get());
        }

        @Override
        public void close() throws InterruptedException {
            stop.countDown();
            thread.join(TimeUnit.SECONDS.toMillis(70));
        }
    }

    private static Api.Response upload(Api api, String fileName, Path jar) throws IOException {
        return api.send(api.request("/api/plugins?filename=" + fileName)
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(jar))
                .build());
    }

    private static String createProject(Api api) {
        Api.Response created = api.postJson("/api/projects",
                "{\"name\":\"plugins-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertEquals(201, created.status(), created::toString);
        return created.json().get("id").asText();
    }

    private static JsonNode runEcho(Api api, String project) {
        Api.Response submitted = api.postJson("/api/projects/" + project + "/runs",
                "{\"type\":\"echo\",\"params\":{\"hello\":\"world\"}}");
        assertEquals(202, submitted.status(), submitted::toString);
        String path = "/api/projects/" + project + "/runs/" + submitted.json().get("id").asText();
        return api.await(path, run -> List.of("succeeded", "failed", "cancelled").contains(run.get("status").asText()),
                RUN_TIMEOUT);
    }

    private static void assertEchoed(Api api, String project, String runId) throws IOException {
        JsonNode artifacts = api.get("/api/projects/" + project + "/runs/" + runId + "/artifacts").json();
        JsonNode echo = null;
        for (JsonNode artifact : items(artifacts)) {
            if (artifact.get("name").asText().equals("echo.json")) {
                echo = artifact;
            }
        }
        assertNotNull(echo, artifacts::toString);
        assertEquals("echo", echo.get("type").asText(), echo::toString);
        assertEquals("application/json", echo.get("media_type").asText(), echo::toString);
        Api.Response file = api.get("/api/projects/" + project + "/artifacts/" + echo.get("id").asText());
        assertEquals(200, file.status(), file::toString);
        assertEquals(Api.JSON.readTree("{\"hello\":\"world\"}"), file.json());
    }

    /** Submitting an {@code echo} run without the plugin: 400, and the detail lists the run types there are. */
    private static void assertUnknownType(Api api, String project) {
        Api.Response refused = api.postJson("/api/projects/" + project + "/runs", "{\"type\":\"echo\"}");
        ApiTest.assertProblem(refused, 400, "echo");
        String detail = refused.json().get("detail").asText();
        for (String known : runTypes(api)) {
            assertTrue(detail.contains(known), () -> "the detail lists the known type " + known + ": " + detail);
        }
    }

    private static List<String> runTypes(Api api) {
        Api.Response r = api.get("/api/run-types");
        assertEquals(200, r.status(), r::toString);
        return names(r.json());
    }

    private static List<String> names(JsonNode descriptors) {
        List<String> names = new ArrayList<>();
        items(descriptors).forEach(d -> names.add(d.get("name").asText()));
        return names;
    }

    private static List<String> services(JsonNode plugin) {
        List<String> services = new ArrayList<>();
        plugin.get("services").forEach(s -> services.add(s.asText()));
        return services;
    }

    private static boolean isActive(JsonNode plugin) {
        return plugin != null && plugin.get("state").asText().equals("ACTIVE");
    }

    /** @return the plugin of that bundle id in a {@code GET /api/plugins} answer, or {@code null} */
    private static JsonNode plugin(JsonNode list, long id) {
        for (JsonNode plugin : items(list)) {
            if (plugin.get("id").asLong() == id) {
                return plugin;
            }
        }
        return null;
    }

    /** @return the plugin of that symbolic name in a {@code GET /api/plugins} answer, or {@code null} */
    private static JsonNode plugin(JsonNode list, String symbolicName) {
        for (JsonNode plugin : items(list)) {
            if (plugin.get("symbolic_name").asText().equals(symbolicName)) {
                return plugin;
            }
        }
        return null;
    }

    /** Lists come as a JSON array or as a page {@code {"items": [...]}}. */
    private static JsonNode items(JsonNode list) {
        return list.isArray() ? list : list.get("items");
    }

    static Path sampleJar() throws IOException {
        return sampleArtifact(false);
    }

    static Path unresolvableJar() throws IOException {
        return sampleArtifact(true);
    }

    /** The artifacts of {@code tests/sample-plugin}, which the build makes before this module (a test dependency). */
    private static Path sampleArtifact(boolean unresolvable) throws IOException {
        Path target = ServerProcess.root().resolve("tests/sample-plugin/target");
        try (Stream<Path> jars = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            return jars.filter(p -> p.getFileName().toString().startsWith(SAMPLE_NAME + "-"))
                    .filter(p -> p.getFileName().toString().endsWith(unresolvable ? "-unresolvable.jar" : ".jar"))
                    .filter(p -> unresolvable || !p.getFileName().toString().endsWith("-unresolvable.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-sources.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no sample plugin jar in " + target
                            + "; build it first: (cd tests/sample-plugin && ../../mvnw install)"));
        }
    }

    private static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}

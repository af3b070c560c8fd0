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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.dataanalyst.tests.support.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A built-in connector taken out of the running server and put back: the PostgreSQL connector uninstalled through
 * {@code DELETE /api/plugins/{id}} is gone from {@code GET /api/connectors} and its kind is refused, the other
 * connectors keep working; its jar uploaded through {@code POST /api/plugins} brings it back, and ingesting from
 * PostgreSQL works again — all without a restart.
 */
class ConnectorHotSwapTest {

    static final String CONNECTOR = "org.dataanalyst.connector.postgres";

    @TempDir
    static Path temp;

    static ServerProcess server;
    static Api api;
    static PostgresFixture.TestDatabase database;

    @BeforeAll
    static void start() throws IOException {
        database = PostgresFixture.createDatabase();
        Databases.execute(database, "CREATE TABLE small (id integer PRIMARY KEY, name text)",
                "INSERT INTO small VALUES (1, 'one'), (2, 'two')");
        Path data = temp.resolve("data");
        Files.createDirectories(data.resolve("imports"));
        Files.writeString(data.resolve("imports/small.csv"), "id,name\n1,one\n2,two\n", StandardCharsets.UTF_8);
        server = ServerProcess.start(data);
        api = server.api();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (database != null) {
            PostgresFixture.dropDatabase(database);
        }
    }

    @Test
    void thePostgresConnectorIsUninstalledAndInstalledAgainWhileTheServerRuns() throws IOException {
        Path jar = Path.of(System.getProperty("analyst.postgres.connector.jar",
                ServerProcess.root().resolve("connectors/postgres/target/" + CONNECTOR + ".jar").toString()));
        assertTrue(Files.isRegularFile(jar), "no connector jar " + jar + "; build it: ./mvnw -o install -pl connectors/postgres");
        Ingest ingest = Ingest.newProject(api, "hotswap");

        assertTrue(kinds().contains("postgres"), "the built-in connector runs");
        assertPostgresIngestWorks(ingest, "before");

        JsonNode plugin = plugin(CONNECTOR);
        assertNotNull(plugin, () -> "the built-in connector is listed as a plugin: " + api.get("/api/plugins"));
        Api.Response removed = api.delete("/api/plugins/" + plugin.get("id").asLong());
        assertEquals(204, removed.status(), removed::toString);

        assertFalse(kinds().contains("postgres"), "gone from GET /api/connectors at once");
        assertTrue(kinds().containsAll(Set.of("csv", "parquet", "json", "sqlite")), "the other connectors stay");
        Api.Response refused = ingest.ingest("pg_gone", "postgres", database.url(), options(), null, false);
        ApiTest.assertProblem(refused, 400, "postgres");
        assertTrue(refused.json().get("detail").asText().contains("csv"), () -> "lists the known kinds: " + refused);
        ApiTest.assertProblem(api.postJson("/api/projects/" + ingest.project() + "/connectors/postgres/tables",
                Ingest.json(Map.of("location", database.url(), "options", options()))), 400, "postgres");
        ingest.succeeded(ingest.ingest("csv_meanwhile", "csv",
                server.dataDir().resolve("imports/small.csv").toString()));

        Api.Response installed = api.send(api.request("/api/plugins?filename=" + jar.getFileName())
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(jar))
                .build());
        assertEquals(201, installed.status(), installed::toString);
        assertEquals(CONNECTOR, installed.json().get("symbolic_name").asText(), installed::toString);
        assertEquals("ACTIVE", installed.json().get("state").asText(), installed::toString);

        api.await("/api/connectors", list -> kindsOf(list).contains("postgres"), Duration.ofSeconds(10));
        assertPostgresIngestWorks(ingest, "after");
        assertEquals("ACTIVE", plugin(CONNECTOR).get("state").asText());
    }

    private static void assertPostgresIngestWorks(Ingest ingest, String name) {
        Api.Response accepted = ingest.ingest("pg_" + name, "postgres", database.url(), options(), null, false);
        ingest.succeeded(accepted);
        JsonNode latest = ingest.dataset(Ingest.datasetId(accepted)).get("latest");
        assertEquals(2, latest.get("row_count").asLong(), latest::toString);
    }

    private static Map<String, Object> options() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("table", "public.small");
        if (database.user() != null) {
            options.put("user", database.user());
        }
        if (database.password() != null) {
            options.put("password", database.password());
        }
        return options;
    }

    private static Set<String> kinds() {
        Api.Response r = api.get("/api/connectors");
        assertEquals(200, r.status(), r::toString);
        return kindsOf(r.json());
    }

    private static Set<String> kindsOf(JsonNode connectors) {
        Set<String> kinds = new HashSet<>();
        Ingest.items(connectors).forEach(c -> c.get("kinds").forEach(k -> kinds.add(k.asText())));
        return kinds;
    }

    private static JsonNode plugin(String symbolicName) {
        for (JsonNode plugin : Ingest.items(api.get("/api/plugins").json())) {
            if (plugin.get("symbolic_name").asText().equals(symbolicName)) {
                return plugin;
            }
        }
        return null;
    }
}

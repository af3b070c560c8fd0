package org.dataanalyst.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/** The REST API of the started platform, as curl or any HTTP client sees it. */
class ApiTest extends ServerTest {


    static String uniqueName() {
        return "p-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void assertProblem(Api.Response r, int status, String detailContains) {
        assertEquals(status, r.status(), r::toString);
        assertTrue(r.contentType().startsWith("application/problem+json"), r::toString);
        JsonNode problem = r.json();
        assertEquals(status, problem.get("status").asInt(), r::toString);
        assertNotNull(problem.get("title"), r::toString);
        assertTrue(problem.get("detail").asText().contains(detailContains),
                () -> "detail should contain '" + detailContains + "': " + r);
    }

    @Test
    void healthNeedsNoToken() {
        Api.Response r = api.withToken(null).get("/api/health");
        assertEquals(200, r.status());
        assertEquals("up", r.json().get("status").asText());
    }

    @Test
    void everythingElseNeedsAValidToken() {
        assertProblem(api.withToken(null).get("/api/projects"), 401, "missing bearer token");
        assertProblem(api.withToken("da_not-a-real-token-at-all-xxxxxxxxxxxxxxxx").get("/api/projects"), 401, "invalid");
        assertProblem(api.withToken(null).get("/api/no-such-thing"), 401, "bearer");
        assertProblem(api.withToken(null).postJson("/api/projects", "{\"name\":\"x\"}"), 401, "bearer");
        assertEquals(200, api.get("/api/projects").status());
    }

    @Test
    void firstStartPrintedTheTokenOnceAndStoredOnlyItsHash() throws Exception {
        assertTrue(server.adminToken().startsWith("da_"));
        String out = server.output();
        assertEquals(out.indexOf(server.adminToken()), out.lastIndexOf(server.adminToken()), "printed once");
        assertTrue(out.contains("http://localhost:" + server.port() + "/"), "prints the UI's URL");
        byte[] catalog = Files.readAllBytes(server.dataDir().resolve("catalog.db"));
        assertFalse(new String(catalog, java.nio.charset.StandardCharsets.ISO_8859_1).contains(server.adminToken()),
                "the catalog holds no plain token");
    }

    @Test
    void tokensAreManagedByAdminsOnly() {
        JsonNode me = api.get("/api/me").json();
        assertTrue(me.get("admin").asBoolean(), me::toString);

        Api.Response created = api.postJson("/api/tokens", "{\"name\":\"ci\",\"admin\":false}");
        assertEquals(201, created.status(), created::toString);
        String secret = created.json().get("secret").asText();
        String tokenId = created.json().get("token").get("id").asText();
        assertTrue(secret.startsWith("da_"));

        Api user = api.withToken(secret);
        assertEquals("ci", user.get("/api/me").json().get("name").asText());
        assertEquals(200, user.get("/api/projects").status(), "a user token works for the API");
        assertProblem(user.get("/api/tokens"), 403, "admin");
        assertProblem(user.postJson("/api/tokens", "{\"name\":\"x\"}"), 403, "admin");
        assertProblem(user.delete("/api/tokens/" + tokenId), 403, "admin");

        JsonNode list = api.get("/api/tokens").json();
        assertTrue(list.findValuesAsText("id").contains(tokenId));
        assertFalse(list.toString().contains(secret), "secrets are never listed");

        assertEquals(204, api.delete("/api/tokens/" + tokenId).status());
        assertProblem(user.get("/api/projects"), 401, "invalid or revoked");
        assertProblem(api.delete("/api/tokens/" + tokenId), 404, tokenId);
    }

    @Test
    void projectLifeCycle() {
        String name = uniqueName();
        Api.Response created = api.postJson("/api/projects", "{\"name\":\"" + name + "\",\"description\":\"Sales 2026\"}");
        assertEquals(201, created.status(), created::toString);
        JsonNode project = created.json();
        String id = project.get("id").asText();
        assertEquals(name, project.get("name").asText());
        assertEquals("Sales 2026", project.get("description").asText());
        assertNotNull(project.get("created_at").asText());
        assertEquals("/api/projects/" + id, java.net.URI.create(created.header("Location")).getPath());

        Path workspace = server.dataDir().resolve("projects").resolve(id);
        assertTrue(Files.isRegularFile(workspace.resolve("project.json")), "workspace provisioned");
        for (String folder : new String[] {"secrets", "raw", "staging", "runs", "metadata"}) {
            assertTrue(Files.isDirectory(workspace.resolve(folder)), folder);
        }

        assertEquals(name, api.get("/api/projects/" + id).json().get("name").asText());
        JsonNode page = api.get("/api/projects?limit=500").json();
        assertTrue(page.get("total").asLong() >= 1);
        assertTrue(page.get("items").findValuesAsText("id").contains(id));

        assertProblem(api.postJson("/api/projects", "{\"name\":\"" + name + "\"}"), 409, name);

        Api.Response deleted = api.delete("/api/projects/" + id);
        assertEquals(204, deleted.status(), deleted::toString);
        assertFalse(Files.exists(workspace), "workspace removed");
        assertProblem(api.get("/api/projects/" + id), 404, id);
        assertProblem(api.delete("/api/projects/" + id), 404, id);
    }

    @Test
    void projectsArePaginated() {
        for (int i = 0; i < 3; i++) {
            assertEquals(201, api.postJson("/api/projects", "{\"name\":\"" + uniqueName() + "\"}").status());
        }
        JsonNode first = api.get("/api/projects?offset=0&limit=2").json();
        assertEquals(2, first.get("items").size());
        assertEquals(2, first.get("limit").asInt());
        long total = first.get("total").asLong();
        assertTrue(total >= 3);
        JsonNode rest = api.get("/api/projects?offset=2&limit=500").json();
        assertEquals(total - 2, rest.get("items").size());
        assertProblem(api.get("/api/projects?limit=0"), 400, "limit");
        assertProblem(api.get("/api/projects?limit=abc"), 400, "limit");
        assertProblem(api.get("/api/projects?offset=-1"), 400, "offset");
    }

    @Test
    void badRequestsGetClearProblemsAndChangeNothing() {
        long before = api.get("/api/projects").json().get("total").asLong();
        assertProblem(api.postJson("/api/projects", "{\"name\": \"oops\""), 400, "malformed JSON");
        assertProblem(api.postJson("/api/projects", "not json"), 400, "malformed JSON");
        assertProblem(api.postJson("/api/projects", "{\"name\":\"../etc\"}"), 400, "name");
        assertProblem(api.postJson("/api/projects", "{\"name\":\"" + "x".repeat(65) + "\"}"), 400, "name");
        assertProblem(api.postJson("/api/projects", "{\"nme\":\"typo\"}"), 400, "nme");
        assertProblem(api.postJson("/api/projects", ""), 400, "body");
        assertProblem(api.send(api.request("/api/projects").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("name=x")).build()), 415, "media type");
        String huge = "{\"name\":\"big\",\"description\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertProblem(api.postJson("/api/projects", huge), 413, "limit");
        assertProblem(api.get("/api/no-such-endpoint"), 404, "no such endpoint");
        assertProblem(api.send(api.request("/api/projects").PUT(HttpRequest.BodyPublishers.noBody()).build()), 405, "PUT");
        assertEquals(before, api.get("/api/projects").json().get("total").asLong(), "nothing was created");
    }

    @Test
    void runsExecuteInTheBackgroundWithLogAndArtifacts() {
        String id = api.postJson("/api/projects", "{\"name\":\"" + uniqueName() + "\"}").json().get("id").asText();
        assertProblem(api.postJson("/api/projects/" + id + "/runs", "{\"type\":\"nope\"}"), 400, "check");

        Api.Response submitted = api.postJson("/api/projects/" + id + "/runs", "{\"type\":\"check\",\"params\":{\"hold_seconds\":1}}");
        assertEquals(202, submitted.status(), submitted::toString);
        String runId = submitted.json().get("id").asText();
        String runPath = "/api/projects/" + id + "/runs/" + runId;

        JsonNode done = api.await(runPath, run -> run.get("status").asText().equals("succeeded"), Duration.ofSeconds(60));
        assertEquals(1.0, done.get("progress").get("fraction").asDouble(), 1e-9);
        assertNotNull(done.get("started_at").asText());
        assertNotNull(done.get("finished_at").asText());

        JsonNode log = api.get(runPath + "/log").json();
        assertTrue(log.get("complete").asBoolean());
        assertTrue(log.get("text").asText().length() > 0);
        JsonNode tail = api.get(runPath + "/log?offset=" + log.get("next_offset").asLong()).json();
        assertEquals("", tail.get("text").asText());

        Api.Response again = api.postJson("/api/projects/" + id + "/runs", "{\"type\":\"check\",\"params\":{\"hold_seconds\":1}}");
        assertEquals(200, again.status(), "an equal successful run is reused: " + again);
        assertEquals(runId, again.json().get("id").asText());
        Api.Response forced = api.postJson("/api/projects/" + id + "/runs",
                "{\"type\":\"check\",\"params\":{\"hold_seconds\":1},\"force\":true}");
        assertEquals(202, forced.status());
        assertFalse(runId.equals(forced.json().get("id").asText()));

        JsonNode artifacts = api.get(runPath + "/artifacts").json();
        assertTrue(artifacts.size() >= 1, artifacts::toString);
        JsonNode artifact = artifacts.get(0);
        Api.Response file = api.get("/api/projects/" + id + "/artifacts/" + artifact.get("id").asText());
        assertEquals(200, file.status());
        assertTrue(file.contentType().startsWith(artifact.get("media_type").asText()), file::toString);
        assertEquals(artifact.get("size").asLong(), Long.parseLong(file.header("Content-Length")));
        assertTrue(file.header("Content-Disposition").contains(artifact.get("name").asText()));
        assertEquals(artifact.get("sha256").asText(), Hashes.sha256(file.bytes()));
        assertProblem(api.get("/api/projects/" + id + "/artifacts/nope"), 404, "nope");
    }

    @Test
    void runsCanBeCancelled() {
        String id = api.postJson("/api/projects", "{\"name\":\"" + uniqueName() + "\"}").json().get("id").asText();
        String runId = api.postJson("/api/projects/" + id + "/runs", "{\"type\":\"check\",\"params\":{\"hold_seconds\":600}}")
                .json().get("id").asText();
        String runPath = "/api/projects/" + id + "/runs/" + runId;
        api.await(runPath, run -> run.get("status").asText().equals("running"), Duration.ofSeconds(30));
        Api.Response cancel = api.postJson(runPath + "/cancel", "");
        assertEquals(200, cancel.status(), cancel::toString);
        api.await(runPath, run -> run.get("status").asText().equals("cancelled"), Duration.ofSeconds(30));
    }
}

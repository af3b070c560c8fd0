package org.dataanalyst.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Bringing data into a project through the HTTP API, as a user's client does: multipart uploads
 * streamed from a file, server paths, runs awaited by polling, datasets, versions and previews read back.
 */
final class Ingest {

    /** Run statuses after which nothing changes any more. */
    static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled");
    /** What a reason for people must not hold: stack frames or Java class names. */
    static final java.util.regex.Pattern STACK_TRACE = java.util.regex.Pattern.compile(
            "\\n\\s+at |\\b(java|javax|jakarta|org|com)\\.[a-z]+\\.[A-Za-z.]*[A-Z]\\w*(Exception|Error)\\b");
    /** Generous for a busy 2-core machine; an ingest of a small file takes well under a second. */
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private final Api api;
    private final String project;

    Ingest(Api api, String project) {
        this.api = api;
        this.project = project;
    }

    /** Creates a project with a unique name and returns a client for its datasets. */
    static Ingest newProject(Api api, String prefix) {
        Api.Response created = api.postJson("/api/projects",
                "{\"name\":\"" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertEquals(201, created.status(), created::toString);
        return new Ingest(api, created.json().get("id").asText());
    }

    String project() {
        return project;
    }

    Api api() {
        return api;
    }

    String datasetsPath() {
        return "/api/projects/" + project + "/datasets";
    }

    // ---------------------------------------------------------------------------------------------- submitting

    /**
     * {@code POST …/datasets} as {@code multipart/form-data}, like {@code curl -F name=… -F file=@orders.csv}: the
     * text fields first, then the file part, whose bytes are streamed from disk.
     */
    Api.Response upload(Path file, Map<String, String> fields) {
        return upload(file, file.getFileName().toString(), fields);
    }

    Api.Response upload(Path file, String fileName, Map<String, String> fields) {
        return multipart(api, datasetsPath(), fields, "file", fileName, file);
    }

    /** A multipart request to any path of the API. */
    static Api.Response multipart(Api api, String path, Map<String, String> fields, String fileField, String fileName,
                                  Path file) {
        String boundary = "----analyst-test-" + UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(fileField).append("\"; filename=\"")
                .append(fileName).append("\"\r\n")
                .append("Content-Type: application/octet-stream\r\n\r\n");
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8),
                    HttpRequest.BodyPublishers.ofFile(file),
                    HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
        return api.send(api.request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body)
                .build());
    }

    /** {@code POST …/datasets} with a JSON body. */
    Api.Response ingest(Map<String, Object> body) {
        return api.postJson(datasetsPath(), json(body));
    }

    /** {@code POST …/datasets} {@code {"name", "source": {"kind", "location", "options"}, "on_error", "force"}}. */
    Api.Response ingest(String name, String kind, String location, Map<String, Object> options, String onError,
                        boolean force) {
        return ingest(request(name, kind, location, options, onError, force));
    }

    Api.Response ingest(String name, String kind, String location) {
        return ingest(name, kind, location, Map.of(), null, false);
    }

    static Map<String, Object> request(String name, String kind, String location, Map<String, Object> options,
                                       String onError, boolean force) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("kind", kind);
        if (location != null) {
            source.put("location", location);
        }
        if (options != null && !options.isEmpty()) {
            source.put("options", options);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("source", source);
        if (onError != null) {
            body.put("on_error", onError);
        }
        if (force) {
            body.put("force", true);
        }
        return body;
    }

    static String json(Object value) {
        try {
            return Api.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------------------------------------- runs

    /** Asserts a 202 {@code {"dataset", "run", "upload"}} answer and waits for its run to end. */
    JsonNode awaitRun(Api.Response accepted) {
        assertEquals(202, accepted.status(), accepted::toString);
        JsonNode body = accepted.json();
        assertNotNull(body.get("dataset"), accepted::toString);
        assertNotNull(body.get("run"), accepted::toString);
        assertEquals("ingest", body.get("run").get("type").asText(), accepted::toString);
        return awaitRun(body.get("run").get("id").asText());
    }

    JsonNode awaitRun(String runId) {
        return awaitRun(runId, RUN_TIMEOUT);
    }

    JsonNode awaitRun(String runId, Duration timeout) {
        return api.await(runPath(runId), run -> TERMINAL.contains(run.get("status").asText()), timeout);
    }

    String runPath(String runId) {
        return "/api/projects/" + project + "/runs/" + runId;
    }

    /** Submits, waits and asserts that the run succeeded; returns the run. */
    JsonNode succeeded(Api.Response accepted) {
        JsonNode run = awaitRun(accepted);
        assertEquals("succeeded", run.get("status").asText(), () -> "run should succeed: " + run + "\nlog:\n" + log(run));
        return run;
    }

    /** Submits, waits and asserts that the run failed; returns the run. */
    JsonNode failed(Api.Response accepted) {
        JsonNode run = awaitRun(accepted);
        assertEquals("failed", run.get("status").asText(), () -> "run should fail: " + run + "\nlog:\n" + log(run));
        assertTrue(run.hasNonNull("reason") && !run.get("reason").asText().isBlank(), () -> "a failed run says why: " + run);
        return run;
    }

    /** The whole log of a run. */
    String log(JsonNode run) {
        Api.Response log = api.get(runPath(run.get("id").asText()) + "/log");
        if (log.status() != 200) {
            return "(no log: " + log + ")";
        }
        String type = log.contentType();
        if (type != null && type.startsWith("application/json")) {
            JsonNode body = log.json();
            return body.has("text") ? body.get("text").asText() : body.toString();
        }
        return log.body();
    }

    /** The artifacts of a run (a JSON array or a page). */
    List<JsonNode> artifacts(String runId) {
        Api.Response r = api.get(runPath(runId) + "/artifacts");
        assertEquals(200, r.status(), r::toString);
        List<JsonNode> list = new ArrayList<>();
        items(r.json()).forEach(list::add);
        return list;
    }

    Api.Response artifactContent(String artifactId) {
        return api.get("/api/projects/" + project + "/artifacts/" + artifactId);
    }

    // ---------------------------------------------------------------------------------------------- datasets

    JsonNode dataset(String datasetId) {
        Api.Response r = api.get(datasetsPath() + "/" + datasetId + "?limit=100");
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    JsonNode version(String datasetId, int number) {
        Api.Response r = api.get(datasetsPath() + "/" + datasetId + "/versions/" + number);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    JsonNode preview(String datasetId, Integer version, int limit) {
        Api.Response r = api.get(datasetsPath() + "/" + datasetId + "/preview?limit=" + limit
                + (version == null ? "" : "&version=" + version));
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    JsonNode drift(String datasetId, int from, int to) {
        Api.Response r = api.get(datasetsPath() + "/" + datasetId + "/drift?from=" + from + "&to=" + to);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    /** The line of {@code GET …/datasets} for one dataset. */
    JsonNode summary(String datasetId) {
        Api.Response r = api.get(datasetsPath() + "?limit=500");
        assertEquals(200, r.status(), r::toString);
        for (JsonNode summary : items(r.json())) {
            if (summary.get("id").asText().equals(datasetId)) {
                return summary;
            }
        }
        throw new AssertionError("dataset " + datasetId + " is not listed: " + r);
    }

    /** @return the dataset id of a 202 ingest answer */
    static String datasetId(Api.Response accepted) {
        return accepted.json().get("dataset").get("id").asText();
    }

    /** @return the {@code total} of the versions page of a dataset's details */
    static long versionCount(JsonNode details) {
        return details.get("versions").get("total").asLong();
    }

    static List<String> names(JsonNode columns) {
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.add(c.get("name").asText()));
        return names;
    }

    static List<String> types(JsonNode columns) {
        List<String> types = new ArrayList<>();
        columns.forEach(c -> types.add(c.get("type").asText()));
        return types;
    }

    /** Lists come as a JSON array or as a page {@code {"items": [...]}}. */
    static JsonNode items(JsonNode list) {
        return list.isArray() ? list : list.get("items");
    }

    static String urlEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

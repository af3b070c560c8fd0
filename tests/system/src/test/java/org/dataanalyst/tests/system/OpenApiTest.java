package org.dataanalyst.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document and the served API agree: every documented operation is served by the
 * running server, and every operation of the REST bundle's resources is documented.
 */
class OpenApiTest {

    @TempDir
    static Path temp;

    static ServerProcess server;
    static JsonNode document;

    @BeforeAll
    static void start() {
        server = ServerProcess.start(temp.resolve("data"));
        Api.Response r = server.api().get("/api/openapi.json");
        assertEquals(200, r.status(), r::toString);
        document = r.json();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static Set<String> documented() {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> operations.add(method.toUpperCase() + " " + path.getKey()));
        }
        return operations;
    }

    @Test
    void isAnOpenApi31DocumentWithErrorsAsProblems() {
        assertTrue(document.get("openapi").asText().startsWith("3.1"));
        assertTrue(document.at("/components/schemas/Problem").isObject());
        assertTrue(document.at("/components/securitySchemes/bearer").isObject());
    }

    @Test
    void everyDocumentedOperationIsServed() {
        Api api = server.api();
        List<String> missing = new ArrayList<>();
        for (String operation : documented()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = "/api" + operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "unknown-id");
            HttpRequest.Builder request = api.request(path);
            HttpRequest built = switch (method) {
                case "GET" -> request.GET().build();
                case "DELETE" -> request.DELETE().build();
                case "POST" -> request.header("Content-Type", path.endsWith("/plugins") ? "application/java-archive" : "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(path.endsWith("/plugins") ? "" : "{}")).build();
                case "PUT" -> request.header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{}")).build();
                default -> throw new AssertionError("undocumented method kind " + method);
            };
            Api.Response r = api.send(built);
            boolean served = r.status() != 405 && !(r.status() == 404 && r.body().contains("no such endpoint"));
            if (!served) {
                missing.add(operation + " → " + r);
            }
        }
        assertTrue(missing.isEmpty(), () -> "documented but not served:\n" + String.join("\n", missing));
    }

    @Test
    void everyServedOperationIsDocumented() throws Exception {
        Set<String> served = servedByResources();
        assertFalse(served.isEmpty());
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented());
        assertTrue(undocumented.isEmpty(), () -> "served but not documented: " + undocumented);
        Set<String> stale = new TreeSet<>(documented());
        stale.removeAll(served);
        assertTrue(stale.isEmpty(), () -> "documented but no resource method: " + stale);
    }

    /** Every (method, path) of the Jakarta REST resources in the REST bundle the server runs. */
    static Set<String> servedByResources() throws IOException, URISyntaxException, ClassNotFoundException {
        Class<?> anchor = Class.forName("org.dataanalyst.rest.internal.HealthResource");
        Path jar = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> operations = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.contains("$")) {
                    continue;
                }
                Class<?> type = Class.forName(name.replace('/', '.').replace(".class", ""), false, anchor.getClassLoader());
                jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getMethods()) {
                    String verb = verbOf(method);
                    if (verb == null) {
                        continue;
                    }
                    jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                    String path = join(root.value(), sub == null ? "" : sub.value());
                    operations.add(verb + " " + path);
                }
            }
        }
        return operations;
    }

    private static String verbOf(Method method) {
        if (method.isAnnotationPresent(GET.class)) return "GET";
        if (method.isAnnotationPresent(POST.class)) return "POST";
        if (method.isAnnotationPresent(DELETE.class)) return "DELETE";
        if (method.isAnnotationPresent(PUT.class)) return "PUT";
        if (method.isAnnotationPresent(HEAD.class)) return "HEAD";
        return null;
    }

    private static String join(String a, String b) {
        String joined = ("/" + a + "/" + b).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}

package org.dataanalyst.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document in the bundle against the resource classes next to it: the same operations
 * both ways, and every reference resolves. (The system tests check the same against a running server.)
 */
class OpenApiDocumentTest {

    private static JsonNode document() throws IOException {
        try (InputStream in = OpenApiResource.class.getResourceAsStream("/openapi.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void documentsExactlyTheServedOperations() throws Exception {
        JsonNode document = document();
        Set<String> documented = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        Set<String> served = served();
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> stale = new TreeSet<>(documented);
        stale.removeAll(served);
        assertEquals(Set.of(), undocumented, "served but not documented");
        assertEquals(Set.of(), stale, "documented but not served");
        assertTrue(served.contains("PUT /projects/{id}/secrets/{name}"));
        assertTrue(served.contains("POST /projects/{id}/datasets"));
    }

    @Test
    void everyReferenceResolves() throws IOException {
        JsonNode document = document();
        List<String> broken = new ArrayList<>();
        collectBroken(document, document, broken);
        assertEquals(List.of(), broken);
    }

    private static void collectBroken(JsonNode node, JsonNode document, List<String> broken) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && document.at(ref.asText().substring(1)).isMissingNode()) {
                broken.add(ref.asText());
            }
            node.elements().forEachRemaining(child -> collectBroken(child, document, broken));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectBroken(child, document, broken));
        }
    }

    /** Every (method, path) of the resource classes compiled into this bundle. */
    private static Set<String> served() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(OpenApiResource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> operations = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, OpenApiResource.class.getClassLoader());
                jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getMethods()) {
                    String verb = method.isAnnotationPresent(GET.class) ? "GET"
                            : method.isAnnotationPresent(POST.class) ? "POST"
                            : method.isAnnotationPresent(PUT.class) ? "PUT"
                            : method.isAnnotationPresent(DELETE.class) ? "DELETE"
                            : method.isAnnotationPresent(HEAD.class) ? "HEAD" : null;
                    if (verb == null) {
                        continue;
                    }
                    jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                    String joined = ("/" + root.value() + "/" + (sub == null ? "" : sub.value())).replaceAll("/+", "/");
                    if (joined.length() > 1 && joined.endsWith("/")) {
                        joined = joined.substring(0, joined.length() - 1);
                    }
                    operations.add(verb + " " + joined);
                }
            }
        }
        return operations;
    }
}

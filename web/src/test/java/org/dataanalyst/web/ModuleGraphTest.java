package org.dataanalyst.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Without Node.js nothing bundles or checks the ES modules at build time, so this does: it resolves
 * every import reachable from the page, bare specifiers through index.html's import map exactly as a
 * browser does, and fails on any that would 404 (a vendored file left out, a WebJar upgraded without
 * the import map, a typo in a relative path). The browser test then proves they also run.
 */
class ModuleGraphTest {

    private static final URI BASE = URI.create("http://ui.invalid/");
    private static final Pattern FROM = Pattern.compile("\\b(?:import|export)\\b[^;\"'`()]*?\\bfrom\\s*([\"'])([^\"'`]+)\\1");
    private static final Pattern SIDE_EFFECT = Pattern.compile("\\bimport\\s*([\"'])([^\"'`]+)\\1");
    private static final Pattern DYNAMIC = Pattern.compile("\\bimport\\(\\s*([\"'])([^\"'`]+)\\1\\s*\\)");
    private static final Pattern MAP_ENTRY = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern PAGE_REFERENCE = Pattern.compile("\\b(?:src|href)=\"([^\"#:]+)\"");

    private static Map<String, byte[]> files;
    private static String index;
    private static Map<String, String> importMap;

    @BeforeAll
    static void load() {
        files = UiFiles.read();
        index = text("index.html");
        Matcher script = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL).matcher(index);
        assertTrue(script.find(), "index.html has an import map");
        importMap = new LinkedHashMap<>();
        Matcher entry = MAP_ENTRY.matcher(script.group(1));
        while (entry.find()) {
            importMap.put(entry.group(1), entry.group(2));
        }
    }

    @Test
    void theImportMapIsFilteredAndPointsAtVendoredFiles() {
        assertFalse(index.contains("@{"), "every @{…} placeholder of index.html was filtered");
        assertTrue(importMap.containsKey("lit"));
        for (Map.Entry<String, String> e : importMap.entrySet()) {
            String target = path(BASE.resolve(e.getValue()));
            if (e.getKey().endsWith("/")) {
                assertTrue(files.keySet().stream().anyMatch(p -> p.startsWith(target)), e + " names a folder we ship");
            } else {
                assertTrue(files.containsKey(target), e + " names a file we ship");
            }
        }
    }

    @Test
    void everythingThePageReferencesExists() {
        Matcher m = PAGE_REFERENCE.matcher(index);
        List<String> missing = new ArrayList<>();
        int count = 0;
        while (m.find()) {
            count++;
            String target = path(BASE.resolve(m.group(1)));
            if (!files.containsKey(target)) {
                missing.add(m.group(1));
            }
        }
        assertTrue(count >= 4, "stylesheets, icon and the entry module are referenced");
        assertEquals(List.of(), missing);
    }

    @Test
    void everyImportReachableFromTheEntryModuleResolves() {
        Deque<String> todo = new ArrayDeque<>(List.of("app/main.js"));
        Set<String> seen = new LinkedHashSet<>();
        List<String> unresolved = new ArrayList<>();
        while (!todo.isEmpty()) {
            String module = todo.pop();
            if (!seen.add(module)) {
                continue;
            }
            String source = text(module);
            for (String specifier : specifiers(source)) {
                String target = resolve(specifier, module);
                if (target == null || !files.containsKey(target)) {
                    unresolved.add(module + " imports '" + specifier + "' → " + target);
                } else {
                    todo.push(target);
                }
            }
        }
        assertEquals(List.of(), unresolved);
        // the graph really went through Lit's own files, bare specifiers inside them included
        assertTrue(seen.stream().anyMatch(p -> p.startsWith("vendor/lit-html-")), String.valueOf(seen));
        assertTrue(seen.stream().anyMatch(p -> p.startsWith("vendor/lit-reactive-element-")), String.valueOf(seen));
        assertTrue(seen.stream().anyMatch(p -> p.startsWith("app/views/")), String.valueOf(seen));
    }

    @Test
    void ourModulesDoNotReachOutsideTheOrigin() {
        for (String path : files.keySet()) {
            if (path.startsWith("app/") || path.equals("index.html")) {
                String source = text(path);
                assertFalse(source.matches("(?s).*\\bhttps?://(?!www\\.w3\\.org/).*"), path + " names an outside URL");
            }
        }
    }

    /** Import-map resolution as in the HTML spec: exact key, else the longest matching "…/" prefix. */
    private static String resolve(String specifier, String from) {
        if (specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("/")) {
            return path(BASE.resolve(from).resolve(specifier));
        }
        if (importMap.containsKey(specifier)) {
            return path(BASE.resolve(importMap.get(specifier)));
        }
        String best = null;
        for (String key : importMap.keySet()) {
            if (key.endsWith("/") && specifier.startsWith(key) && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        return best == null ? null : path(BASE.resolve(importMap.get(best) + specifier.substring(best.length())));
    }

    private static Set<String> specifiers(String source) {
        String code = source.replaceAll("(?m)^\\s*//.*$", "");
        Set<String> found = new LinkedHashSet<>();
        for (Pattern p : List.of(FROM, SIDE_EFFECT, DYNAMIC)) {
            Matcher m = p.matcher(code);
            while (m.find()) {
                found.add(m.group(2));
            }
        }
        return found;
    }

    private static String path(URI uri) {
        return uri.normalize().getPath().substring(1);
    }

    private static String text(String path) {
        byte[] bytes = files.get(path);
        if (bytes == null) {
            throw new AssertionError("no " + path);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

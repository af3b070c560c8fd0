package org.dataanalyst.tests.system.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dataanalyst.tests.system.Api;
import org.dataanalyst.tests.system.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the platform serves the UI bundle over HTTP (no browser needed): the page at "/", modules as
 * JavaScript, vendored WebJar files under versioned immutable paths, and {@code /api} untouched.
 */
class UiServingTest {

    @TempDir
    static Path temp;

    static ServerProcess server;
    static Api anonymous;

    @BeforeAll
    static void start() {
        server = ServerProcess.start(temp.resolve("data"));
        anonymous = server.api().withToken(null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theRootIsTheAppPage() {
        Api.Response r = anonymous.get("/");
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.contentType().startsWith("text/html"), r::toString);
        assertTrue(r.body().contains("<script type=\"importmap\">"), r::toString);
        assertTrue(r.body().contains("<da-app"), r::toString);
        assertEquals("no-cache", r.header("Cache-Control"));
        assertTrue(r.header("Content-Security-Policy").contains("script-src 'self' 'sha256-"), r::toString);
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals(r.body(), anonymous.get("/index.html").body());
    }

    @Test
    void everyModuleOfTheImportMapIsJavaScript() {
        String page = anonymous.get("/").body();
        Matcher entry = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"\\./(vendor/[^\"]+\\.js)\"").matcher(page);
        int count = 0;
        while (entry.find()) {
            count++;
            Api.Response r = anonymous.get("/" + entry.group(2));
            assertEquals(200, r.status(), () -> entry.group(1) + " → " + r);
            assertTrue(r.contentType().startsWith("text/javascript"), r::toString);
            assertEquals("public, max-age=31536000, immutable", r.header("Cache-Control"));
        }
        assertTrue(count >= 4, "lit, lit-html, lit-element, @lit/reactive-element are mapped: " + count);
        Api.Response app = anonymous.get("/app/main.js");
        assertTrue(app.contentType().startsWith("text/javascript"), app::toString);
        assertEquals("no-cache", app.header("Cache-Control"));
        Api.Response css = anonymous.get(picoPath());
        assertTrue(css.contentType().startsWith("text/css"), css::toString);
    }

    @Test
    void revalidationAndCompression() {
        Api.Response first = anonymous.get("/app/app.css");
        Api.Response again = anonymous.send(anonymous.request("/app/app.css")
                .header("If-None-Match", first.header("ETag")).GET().build());
        assertEquals(304, again.status(), again::toString);
        Api.Response gzip = anonymous.send(anonymous.request(picoPath())
                .header("Accept-Encoding", "gzip").GET().build());
        assertEquals("gzip", gzip.header("Content-Encoding"));
        assertTrue(gzip.bytes().length < anonymous.get(picoPath()).bytes().length / 2);
    }

    /** The vendored stylesheet the page links (its folder carries the WebJar's version). */
    private static String picoPath() {
        Matcher m = Pattern.compile("href=\"\\./(vendor/pico-[^\"]+\\.css)\"").matcher(anonymous.get("/").body());
        assertTrue(m.find(), "the page links Pico CSS");
        return "/" + m.group(1);
    }

    @Test
    void theApiIsNotShadowed() {
        Api.Response health = anonymous.get("/api/health");
        assertEquals(200, health.status(), health::toString);
        assertTrue(health.contentType().startsWith("application/json"), health::toString);
        Api.Response projects = anonymous.get("/api/projects");
        assertEquals(401, projects.status(), projects::toString);
        assertTrue(projects.contentType().startsWith("application/problem+json"), projects::toString);
    }

    @Test
    void unknownFilesAreNotFoundAndNothingElseOfTheBundleIsServed() {
        assertEquals(404, anonymous.get("/no-such-file.js").status());
        assertEquals(404, anonymous.get("/OSGI-INF/org.dataanalyst.web.WebUiServlet.xml").status());
        assertEquals(404, anonymous.get("/META-INF/MANIFEST.MF").status());
        assertEquals(404, anonymous.get("/org/dataanalyst/web/WebUiServlet.class").status());
        Api.Response post = anonymous.send(anonymous.request("/index.html")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertEquals(405, post.status(), post::toString);
        assertFalse(anonymous.get("/app/../index.html").status() == 500);
    }
}

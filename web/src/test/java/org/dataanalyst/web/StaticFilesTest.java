package org.dataanalyst.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The file index over the real, built UI ({@code target/classes/static}). */
class StaticFilesTest {

    private static StaticFiles files;

    @BeforeAll
    static void load() throws IOException {
        files = StaticFiles.of(UiFiles.read());
    }

    @Test
    void rootAndIndexAreThePage() {
        StaticFiles.Asset index = files.lookup("/index.html").orElseThrow();
        assertEquals(index, files.lookup("/").orElseThrow());
        assertEquals(index, files.lookup("").orElseThrow());
        assertEquals(index, files.lookup(null).orElseThrow());
        assertEquals("text/html;charset=utf-8", index.mediaType());
        assertEquals(StaticFiles.CACHE_REVALIDATE, index.cacheControl());
        assertNotNull(index.contentSecurityPolicy());
    }

    @Test
    void modulesAreJavaScriptAndStylesAreCss() {
        assertEquals("text/javascript;charset=utf-8", files.lookup("/app/main.js").orElseThrow().mediaType());
        assertEquals("text/javascript;charset=utf-8",
                files.lookup("/" + UiFiles.vendor("lit") + "/index.js").orElseThrow().mediaType());
        assertEquals("text/css;charset=utf-8", files.lookup("/app/app.css").orElseThrow().mediaType());
        assertEquals("text/css;charset=utf-8",
                files.lookup("/" + UiFiles.vendor("pico") + "/css/pico.min.css").orElseThrow().mediaType());
        assertEquals("image/svg+xml", files.lookup("/favicon.svg").orElseThrow().mediaType());
        assertEquals("text/plain;charset=utf-8", StaticFiles.mediaType(UiFiles.vendor("lit") + "/LICENSE"));
        assertEquals("application/octet-stream", StaticFiles.mediaType("x.bin"));
    }

    @Test
    void vendorFilesAreImmutableAndAppFilesRevalidate() {
        assertEquals(StaticFiles.CACHE_IMMUTABLE, files.lookup(UiFiles.vendor("lit") + "/index.js").orElseThrow().cacheControl());
        assertEquals(StaticFiles.CACHE_REVALIDATE, files.lookup("app/api.js").orElseThrow().cacheControl());
        assertNull(files.lookup("app/api.js").orElseThrow().contentSecurityPolicy());
    }

    @Test
    void onlyIndexedFilesAreFound() {
        assertTrue(files.lookup("/nope.js").isEmpty());
        assertTrue(files.lookup("/app").isEmpty());
        assertTrue(files.lookup("/app/").isEmpty());
        assertTrue(files.lookup("/vendor/../index.html").isEmpty());
        assertTrue(files.lookup("/app/../../../etc/passwd").isEmpty());
        assertTrue(files.lookup("/./index.html").isEmpty());
        assertTrue(files.lookup("/app//main.js").isEmpty());
        assertTrue(files.lookup("/app\\main.js").isEmpty());
        assertTrue(files.lookup("/OSGI-INF/org.dataanalyst.web.WebUiServlet.xml").isEmpty());
        assertTrue(files.lookup("/api/projects").isEmpty());
    }

    @Test
    void theSecurityPolicyAllowsExactlyTheInlineImportMap() throws Exception {
        StaticFiles.Asset index = files.lookup("/").orElseThrow();
        String html = new String(index.bytes(), StandardCharsets.UTF_8);
        Matcher importMap = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(importMap.find(), "index.html has an inline import map");
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(importMap.group(1).getBytes(StandardCharsets.UTF_8)));
        String csp = index.contentSecurityPolicy();
        assertTrue(csp.contains("script-src 'self' 'sha256-" + hash + "'"), csp);
        assertFalse(csp.contains("unsafe-eval"), csp);
        assertTrue(csp.contains("connect-src 'self'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        // the module script has a src: it needs no hash
        assertEquals(1, csp.split("'sha256-").length - 1, csp);
    }

    @Test
    void textFilesHaveAGzipVariantWithItsOwnTag() throws IOException {
        StaticFiles.Asset pico = files.lookup("/" + UiFiles.vendor("pico") + "/css/pico.min.css").orElseThrow();
        assertTrue(pico.compressible());
        assertTrue(pico.gzipped().length < pico.bytes().length / 2);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(pico.gzipped()))) {
            assertArrayEquals(pico.bytes(), in.readAllBytes());
        }
        assertNotEquals(pico.etag(), pico.gzipEtag());
        assertTrue(pico.gzipEtag().startsWith("\"") && pico.gzipEtag().endsWith("-gz\""));
        assertFalse(files.lookup("/" + UiFiles.vendor("lit") + "/index.js").orElseThrow().compressible(), "too small to gain");
    }

    @Test
    void etagsDependOnContent() {
        StaticFiles a = StaticFiles.of(Map.of("index.html", bytes("<p>a</p>")));
        StaticFiles b = StaticFiles.of(Map.of("index.html", bytes("<p>b</p>")));
        StaticFiles a2 = StaticFiles.of(Map.of("index.html", bytes("<p>a</p>")));
        assertNotEquals(a.lookup("/").orElseThrow().etag(), b.lookup("/").orElseThrow().etag());
        assertEquals(a.lookup("/").orElseThrow().etag(), a2.lookup("/").orElseThrow().etag());
    }

    @Test
    void ifNoneMatch() {
        String tag = "\"abc\"";
        assertTrue(StaticFiles.matches("\"abc\"", tag));
        assertTrue(StaticFiles.matches("W/\"abc\"", tag));
        assertTrue(StaticFiles.matches("\"x\", \"abc\"", tag));
        assertTrue(StaticFiles.matches("*", tag));
        assertFalse(StaticFiles.matches("\"abd\"", tag));
        assertFalse(StaticFiles.matches("", tag));
        assertFalse(StaticFiles.matches(null, tag));
    }

    @Test
    void acceptEncoding() {
        assertTrue(StaticFiles.acceptsGzip("gzip, deflate, br"));
        assertTrue(StaticFiles.acceptsGzip("br;q=1.0, gzip;q=0.8"));
        assertTrue(StaticFiles.acceptsGzip("*"));
        assertFalse(StaticFiles.acceptsGzip("gzip;q=0"));
        assertFalse(StaticFiles.acceptsGzip("gzip; q=0.000"));
        assertFalse(StaticFiles.acceptsGzip("br, deflate"));
        assertFalse(StaticFiles.acceptsGzip("identity"));
        assertFalse(StaticFiles.acceptsGzip(null));
    }

    @Test
    void aUiWithoutIndexIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StaticFiles.of(Map.of("app/main.js", bytes("x"))));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package org.dataanalyst.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The servlet over the real UI files, with plain request/response stand-ins (no container). */
class WebUiServletTest {

    private static WebUiServlet servlet;

    @BeforeAll
    static void create() {
        servlet = new WebUiServlet(StaticFiles.of(UiFiles.read()));
    }

    @Test
    void theRootIsThePageWithItsPolicy() throws Exception {
        Exchange x = get("/", Map.of());
        assertEquals(200, x.status);
        assertEquals("text/html;charset=utf-8", x.contentType);
        assertEquals("no-cache", x.headers.get("Cache-Control"));
        assertEquals("nosniff", x.headers.get("X-Content-Type-Options"));
        assertTrue(x.headers.get("Content-Security-Policy").startsWith("default-src 'self'"));
        assertTrue(x.body().contains("<script type=\"importmap\">"));
        assertEquals(x.body.size(), x.contentLength);
    }

    @Test
    void modulesAreServedAsJavaScript() throws Exception {
        Exchange x = get("/app/main.js", Map.of());
        assertEquals(200, x.status);
        assertEquals("text/javascript;charset=utf-8", x.contentType);
        assertNull(x.headers.get("Content-Security-Policy"));
        Exchange vendor = get("/" + UiFiles.vendor("lit-html") + "/lit-html.js", Map.of());
        assertEquals("public, max-age=31536000, immutable", vendor.headers.get("Cache-Control"));
    }

    @Test
    void aKnownTagGetsNotModified() throws Exception {
        Exchange first = get("/app/api.js", Map.of());
        Exchange again = get("/app/api.js", Map.of("If-None-Match", first.headers.get("ETag")));
        assertEquals(304, again.status);
        assertEquals(0, again.body.size());
        assertEquals(first.headers.get("ETag"), again.headers.get("ETag"));
    }

    @Test
    void gzipWhenAccepted() throws Exception {
        Exchange plain = get("/" + UiFiles.vendor("pico") + "/css/pico.min.css", Map.of());
        Exchange zipped = get("/" + UiFiles.vendor("pico") + "/css/pico.min.css", Map.of("Accept-Encoding", "gzip, br"));
        assertNull(plain.headers.get("Content-Encoding"));
        assertEquals("gzip", zipped.headers.get("Content-Encoding"));
        assertEquals("Accept-Encoding", zipped.headers.get("Vary"));
        assertTrue(zipped.body.size() < plain.body.size() / 2);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body.toByteArray()))) {
            assertArrayEquals(plain.body.toByteArray(), in.readAllBytes());
        }
        // the plain tag does not validate the gzip representation
        assertEquals(200, get("/" + UiFiles.vendor("pico") + "/css/pico.min.css",
                Map.of("Accept-Encoding", "gzip", "If-None-Match", plain.headers.get("ETag"))).status);
    }

    @Test
    void unknownPathsAreNotFound() throws Exception {
        assertEquals(404, get("/nothing-here.js", Map.of()).status);
        assertEquals(404, get("/app/", Map.of()).status);
        assertEquals(404, get("/app/../index.html", Map.of()).status);
    }

    @Test
    void headHasHeadersButNoBody() throws Exception {
        Exchange x = exchange("HEAD", "/index.html", Map.of());
        servlet.service(x.request(), x.response());
        assertEquals(200, x.status);
        assertEquals(0, x.body.size());
        assertTrue(x.contentLength > 0);
    }

    private static Exchange get(String path, Map<String, String> headers) throws Exception {
        Exchange x = exchange("GET", path, headers);
        servlet.service(x.request(), x.response());
        return x;
    }

    private static Exchange exchange(String method, String path, Map<String, String> headers) {
        return new Exchange(method, path, headers);
    }

    /** One request and what the servlet answered. The default servlet ("/") gets the path as servlet path. */
    static final class Exchange {
        final String method;
        final String path;
        final Map<String, String> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = 200;
        String contentType;
        int contentLength = -1;

        Exchange(String method, String path, Map<String, String> headers) {
            this.method = method;
            this.path = path;
            this.requestHeaders.putAll(headers);
        }

        String body() {
            return body.toString(StandardCharsets.UTF_8);
        }

        HttpServletRequest request() {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getServletPath" -> path;
                        case "getPathInfo" -> null;
                        case "getRequestURI" -> path;
                        case "getProtocol" -> "HTTP/1.1";
                        case "getHeader" -> requestHeaders.get((String) args[0]);
                        case "getDateHeader" -> -1L;
                        case "toString" -> method + " " + path;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    body.write(b, off, len);
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "setHeader", "addHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "setStatus" -> status = (Integer) args[0];
                            case "sendError" -> status = (Integer) args[0];
                            case "setContentType" -> contentType = (String) args[0];
                            case "setContentLength" -> contentLength = (Integer) args[0];
                            case "getOutputStream" -> {
                                return out;
                            }
                            case "containsHeader" -> {
                                return headers.containsKey((String) args[0]);
                            }
                            case "isCommitted" -> {
                                return false;
                            }
                            default -> throw new UnsupportedOperationException(m.getName());
                        }
                        return null;
                    });
        }
    }
}

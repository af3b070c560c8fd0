package org.dataanalyst.web;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the browser UI (the bundle's {@code static/} folder) at the root of the HTTP server.
 *
 * <p>Registered as the default servlet ("/") of the default servlet context: it answers only the
 * requests no other servlet claims, so it can never shadow the REST application under {@code /api}
 * (a longer prefix, or a context of its own, always wins). A servlet rather than a whiteboard
 * resource because the UI needs "/" → {@code index.html}, exact media types ({@code .js} as
 * {@code text/javascript}), cache headers (the versioned vendor files immutable, everything else
 * revalidated by ETag), gzip and a Content-Security-Policy for the page.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/")
@HttpWhiteboardServletName("org.dataanalyst.web")
public final class WebUiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WebUiServlet.class);
    private static final String ROOT = "static";

    private final transient StaticFiles files;

    @Activate
    public WebUiServlet(BundleContext context) throws IOException {
        this(read(context.getBundle()));
        LOG.info("Serving the browser UI at / ({} files)", files.size());
    }

    WebUiServlet(StaticFiles files) {
        this.files = files;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = (request.getServletPath() == null ? "" : request.getServletPath())
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Optional<StaticFiles.Asset> found = files.lookup(path);
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (found.isEmpty()) {
            response.setHeader("Cache-Control", "no-store");
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        StaticFiles.Asset asset = found.get();
        boolean gzip = asset.compressible() && StaticFiles.acceptsGzip(request.getHeader("Accept-Encoding"));
        String etag = gzip ? asset.gzipEtag() : asset.etag();

        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", asset.cacheControl());
        if (asset.compressible()) {
            response.setHeader("Vary", "Accept-Encoding");
        }
        if (asset.contentSecurityPolicy() != null) {
            response.setHeader("Content-Security-Policy", asset.contentSecurityPolicy());
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("X-Frame-Options", "DENY");
        }
        if (StaticFiles.matches(request.getHeader("If-None-Match"), etag)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        byte[] body = gzip ? asset.gzipped() : asset.bytes();
        response.setContentType(asset.mediaType());
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
        }
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        doGet(request, response);
    }

    private static StaticFiles read(Bundle bundle) throws IOException {
        Map<String, byte[]> contents = new HashMap<>();
        Enumeration<URL> entries = bundle.findEntries(ROOT, "*", true);
        if (entries != null) {
            String base = bundle.getEntry(ROOT + "/").getPath();
            while (entries.hasMoreElements()) {
                URL url = entries.nextElement();
                String path = url.getPath();
                if (path.endsWith("/") || !path.startsWith(base)) {
                    continue;
                }
                try (InputStream in = url.openStream()) {
                    contents.put(path.substring(base.length()), in.readAllBytes());
                }
            }
        }
        return StaticFiles.of(contents);
    }
}

package org.dataanalyst.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The UI's files, read once into memory (they are small) and indexed by their path relative to the
 * {@code static/} folder. Only files in the index are ever served, so a request path can never reach
 * anything else in the bundle.
 *
 * <p>Every file carries its media type, a strong ETag, its cache policy and, for text files worth it,
 * a gzip variant. {@code index.html} additionally gets a Content-Security-Policy that allows its inline
 * import map by hash and nothing else inline.
 */
final class StaticFiles {

    static final String INDEX = "index.html";
    /** Third-party files live under versioned folders and never change under the same path. */
    static final String VENDOR_PREFIX = "vendor/";
    static final String CACHE_IMMUTABLE = "public, max-age=31536000, immutable";
    static final String CACHE_REVALIDATE = "no-cache";

    private static final int GZIP_MIN_BYTES = 1024;
    private static final Pattern INLINE_SCRIPT =
            Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private static final Map<String, String> MEDIA_TYPES = Map.ofEntries(
            Map.entry("html", "text/html;charset=utf-8"),
            Map.entry("js", "text/javascript;charset=utf-8"),
            Map.entry("mjs", "text/javascript;charset=utf-8"),
            Map.entry("css", "text/css;charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain;charset=utf-8"),
            Map.entry("md", "text/plain;charset=utf-8"));

    /** One servable file (an asset). */
    record Asset(String path, byte[] bytes, byte[] gzipped, String mediaType, String etag,
                String cacheControl, String contentSecurityPolicy) {

        Asset {
            bytes = bytes.clone();
            gzipped = gzipped == null ? null : gzipped.clone();
        }

        boolean compressible() {
            return gzipped != null;
        }

        /** ETag of the gzip variant: a different representation needs a different strong tag. */
        String gzipEtag() {
            return etag.substring(0, etag.length() - 1) + "-gz\"";
        }
    }

    private final Map<String, Asset> files;

    private StaticFiles(Map<String, Asset> files) {
        this.files = Map.copyOf(files);
    }

    /**
     * Builds the index from file contents keyed by path relative to {@code static/} ("/"-separated,
     * no leading slash).
     */
    static StaticFiles of(Map<String, byte[]> contents) {
        Map<String, Asset> files = new LinkedHashMap<>();
        new TreeMap<>(contents).forEach((path, bytes) -> files.put(path, file(path, bytes)));
        if (!files.containsKey(INDEX)) {
            throw new IllegalArgumentException("the UI has no " + INDEX);
        }
        return new StaticFiles(files);
    }

    int size() {
        return files.size();
    }

    /**
     * The file for a request path (as the container hands it over, decoded, with or without a
     * leading slash); "" and "/" mean {@code index.html}. Directories, unknown paths and anything
     * that is not a plain relative path give nothing.
     */
    Optional<Asset> lookup(String requestPath) {
        String path = requestPath == null ? "" : requestPath;
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.isEmpty()) {
            path = INDEX;
        }
        if (path.contains("\\") || path.contains("\0") || path.contains("//")) {
            return Optional.empty();
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(files.get(path));
    }

    /** Does an {@code If-None-Match} header value match the tag? */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Does an {@code Accept-Encoding} header value accept gzip (without a q=0 refusal)? */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] tokens = part.trim().split(";");
            String coding = tokens[0].trim().toLowerCase(Locale.ROOT);
            if (!coding.equals("gzip") && !coding.equals("*")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < tokens.length; i++) {
                String param = tokens[i].trim().replace(" ", "");
                if (param.matches("q=0(\\.0{0,3})?")) {
                    refused = true;
                }
            }
            return !refused;
        }
        return false;
    }

    static String mediaType(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            // LICENSE and friends
            return "text/plain;charset=utf-8";
        }
        return MEDIA_TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }

    /**
     * The policy for the page: scripts only from this origin plus the page's own inline scripts (the
     * import map) by hash; data: images for Pico's inline SVG icons; blob: for downloads.
     */
    static String contentSecurityPolicy(String html) {
        List<String> hashes = new ArrayList<>();
        Matcher m = INLINE_SCRIPT.matcher(html);
        while (m.find()) {
            if (!m.group(1).toLowerCase(Locale.ROOT).contains("src=")) {
                hashes.add("'sha256-" + Base64.getEncoder().encodeToString(
                        sha256(m.group(2).getBytes(StandardCharsets.UTF_8))) + "'");
            }
        }
        String scripts = hashes.isEmpty() ? "'self'" : "'self' " + String.join(" ", hashes);
        return "default-src 'self'; script-src " + scripts + "; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
                + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    private static Asset file(String path, byte[] bytes) {
        String mediaType = mediaType(path);
        String etag = "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 16) + "\"";
        String cache = path.startsWith(VENDOR_PREFIX) ? CACHE_IMMUTABLE : CACHE_REVALIDATE;
        String csp = path.equals(INDEX) ? contentSecurityPolicy(new String(bytes, StandardCharsets.UTF_8)) : null;
        byte[] gzipped = null;
        if (bytes.length >= GZIP_MIN_BYTES && isText(mediaType)) {
            byte[] candidate = gzip(bytes);
            if (candidate.length < bytes.length * 9 / 10) {
                gzipped = candidate;
            }
        }
        return new Asset(path, bytes, gzipped, mediaType, etag, cache, csp);
    }

    private static boolean isText(String mediaType) {
        return mediaType.startsWith("text/") || mediaType.contains("json") || mediaType.contains("svg");
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("gzip in memory failed", e);
        }
        return out.toByteArray();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package org.dataanalyst.runs.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of strings and (streamed) files, as lower-case hex. */
final class Sha256 {

    /** Size and digest of a file. */
    record FileDigest(long size, String hex) {
    }

    private Sha256() {
    }

    static String hex(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Streams a file through SHA-256. Uses a {@link FileInputStream} on purpose: unlike NIO channels it
     * is not closed when the reading thread is interrupted (a cancelled run may still register files).
     */
    static FileDigest file(Path file) throws IOException {
        MessageDigest md = digest();
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = new FileInputStream(file.toFile())) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
                size += n;
            }
        }
        return new FileDigest(size, HexFormat.of().formatHex(md.digest()));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

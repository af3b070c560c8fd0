package org.dataanalyst.connector.files.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A look at the first bytes of a file, before the engine reads it: its byte order mark, whether it holds
 * anything but white space, and its first significant character. It reads no further than the first
 * significant byte, so it costs nothing on real data.
 */
final class FileProbe {

    /** A byte order mark at the start of the file. */
    enum Bom {
        NONE(0), UTF8(3), UTF16LE(2), UTF16BE(2);

        final int length;

        Bom(int length) {
            this.length = length;
        }
    }

    /**
     * @param size      the file's size in bytes
     * @param bom       its byte order mark
     * @param blank     whether it holds nothing but a byte order mark, white space and NUL bytes
     * @param firstByte the first byte that is not such (after the mark), or -1 when blank
     */
    record Result(long size, Bom bom, boolean blank, int firstByte) {
    }

    private FileProbe() {
    }

    static Result inspect(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
            in.mark(4);
            byte[] head = in.readNBytes(3);
            Bom bom = bom(head);
            in.reset();
            in.skipNBytes(bom.length);
            int b;
            while ((b = in.read()) != -1) {
                if (!isBlank(b)) {
                    return new Result(size, bom, false, b);
                }
            }
            return new Result(size, bom, true, -1);
        }
    }

    /**
     * Whether a byte occurs in the first lines of a file in a single-byte-compatible encoding (UTF-8,
     * Latin-1: no line-end or ASCII byte occurs inside another character). A line ends at LF, CR LF or a
     * lone CR. It reads only those lines, and stops at the first occurrence.
     *
     * @param lines how many lines to look at, or a negative number for the whole file
     * @return {@code true} when {@code target} occurs in them
     */
    static boolean occursInFirstLines(Path file, int target, long lines) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long seen = 0;
        boolean afterCr = false;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    int b = buffer[i];
                    if (b == target) {
                        return true;
                    }
                    if (b == '\n') {
                        if (!afterCr) seen++; // the LF of a CR LF ends the line the CR already counted
                    } else if (b == '\r') {
                        seen++;
                    }
                    afterCr = b == '\r';
                    if (lines >= 0 && seen >= lines) {
                        return false;
                    }
                }
            }
        }
        return false;
    }

    private static Bom bom(byte[] head) {
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return Bom.UTF8;
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            return Bom.UTF16LE;
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            return Bom.UTF16BE;
        }
        return Bom.NONE;
    }

    /** White space in ASCII and UTF-8, and the NUL bytes UTF-16 puts between ASCII characters. */
    private static boolean isBlank(int b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == 0x0C || b == 0;
    }
}

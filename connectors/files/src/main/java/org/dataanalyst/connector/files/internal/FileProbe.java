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

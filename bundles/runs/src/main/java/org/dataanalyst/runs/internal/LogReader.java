package org.dataanalyst.runs.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads a piece of a UTF-8 log file without ever splitting a character. */
final class LogReader {

    /** Bytes read, and the byte offsets they span. */
    record Piece(String text, long offset, long nextOffset, long fileSize) {
    }

    private LogReader() {
    }

    /**
     * Reads up to {@code maxBytes} bytes from {@code offset}. A start in the middle of a character moves
     * forward to the next character; an end in the middle of one moves back before it (or, when not even
     * one character would fit, forward to include it, so a reader always makes progress).
     */
    static Piece read(Path file, long offset, int maxBytes) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new Piece("", offset, offset, 0);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            if (offset >= size) {
                return new Piece("", offset, offset, size);
            }
            // a little more than asked, to finish a character cut by the limit or skip a cut one at the start
            int want = (int) Math.min(size - offset, (long) maxBytes + 3);
            byte[] bytes = new byte[want];
            raf.seek(offset);
            raf.readFully(bytes);

            int start = 0;
            while (start < bytes.length && start < 3 && isContinuation(bytes[start])) start++;
            int end = Math.min(bytes.length, start + maxBytes);
            end = snapBack(bytes, start, end);
            if (end == start && start < bytes.length) {
                // not one whole character fits in maxBytes: return one anyway
                end = Math.min(bytes.length, start + sequenceLength(bytes[start]));
            }
            String text = new String(Arrays.copyOfRange(bytes, start, end), StandardCharsets.UTF_8);
            return new Piece(text, offset + start, offset + end, size);
        }
    }

    /** @return the largest index ≤ end at which no multi-byte character is cut */
    static int snapBack(byte[] bytes, int start, int end) {
        int lead = end - 1;
        while (lead > start && end - lead < 4 && isContinuation(bytes[lead])) lead--;
        if (lead < start) return end;
        int length = sequenceLength(bytes[lead]);
        return lead + length > end ? lead : end;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static int sequenceLength(byte lead) {
        if ((lead & 0x80) == 0) return 1;
        if ((lead & 0xE0) == 0xC0) return 2;
        if ((lead & 0xF0) == 0xE0) return 3;
        if ((lead & 0xF8) == 0xF0) return 4;
        return 1; // a stray continuation or invalid byte: take it alone
    }
}

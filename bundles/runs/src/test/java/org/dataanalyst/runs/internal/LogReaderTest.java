package org.dataanalyst.runs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {

    private static final String TEXT = "a€b😀c\nü-ß ✓\n";

    @TempDir
    Path dir;

    @Test
    void readingInChunksOfAnySizeNeverSplitsACharacter() throws Exception {
        Path file = dir.resolve("run.log");
        Files.writeString(file, TEXT, StandardCharsets.UTF_8);
        long size = Files.size(file);
        for (int max = 1; max <= 8; max++) {
            StringBuilder joined = new StringBuilder();
            long offset = 0;
            while (offset < size) {
                LogReader.Piece piece = LogReader.read(file, offset, max);
                assertEquals(offset, piece.offset());
                assertTrue(piece.nextOffset() > offset, "a read always makes progress");
                assertTrue(!piece.text().contains("\uFFFD"), "no broken character with max " + max + ": " + piece.text());
                joined.append(piece.text());
                offset = piece.nextOffset();
            }
            assertEquals(TEXT, joined.toString(), "max " + max);
        }
    }

    @Test
    void anOffsetInsideACharacterMovesToTheNextOne() throws Exception {
        Path file = dir.resolve("run.log");
        Files.writeString(file, "€x", StandardCharsets.UTF_8); // € is 3 bytes
        LogReader.Piece piece = LogReader.read(file, 1, 100);
        assertEquals("x", piece.text());
        assertEquals(3, piece.offset());
        assertEquals(4, piece.nextOffset());
    }

    @Test
    void beyondTheEndOrWithoutAFileTheChunkIsEmpty() throws Exception {
        Path file = dir.resolve("run.log");
        Files.writeString(file, "abc", StandardCharsets.UTF_8);
        LogReader.Piece past = LogReader.read(file, 10, 100);
        assertEquals("", past.text());
        assertEquals(10, past.nextOffset());
        LogReader.Piece none = LogReader.read(dir.resolve("missing.log"), 0, 100);
        assertEquals("", none.text());
        assertEquals(0, none.nextOffset());
    }
}

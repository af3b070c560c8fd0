package org.dataanalyst.rest.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The streaming multipart parser on real byte streams, delivered in pieces of every size. */
class MultipartReaderTest {

    static final String BOUNDARY = "----analystBoundary7MA4YWxk";

    /** Builds a multipart body the way HTTP clients do. */
    static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final String boundary;

        Body(String boundary) {
            this.boundary = boundary;
        }

        Body text(String name, String value) {
            return part("Content-Disposition: form-data; name=\"" + name + "\"\r\n", value.getBytes(StandardCharsets.UTF_8));
        }

        Body file(String name, String fileName, byte[] content) {
            return part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
                    + "Content-Type: application/octet-stream\r\n", content);
        }

        Body part(String headers, byte[] content) {
            write("--" + boundary + "\r\n" + headers + "\r\n");
            out.writeBytes(content);
            write("\r\n");
            return this;
        }

        Body raw(String text) {
            write(text);
            return this;
        }

        byte[] close() {
            write("--" + boundary + "--\r\n");
            return out.toByteArray();
        }

        byte[] open() {
            return out.toByteArray();
        }

        private void write(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Hands out a byte array in pieces of the given sizes (cycling), as a network connection does. */
    static final class Chunked extends InputStream {
        private final byte[] data;
        private final int[] sizes;
        private int pos;
        private int turn;

        Chunked(byte[] data, int... sizes) {
            this.data = data;
            this.sizes = sizes;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, sizes[turn++ % sizes.length]), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    record ReadPart(String name, String fileName, byte[] content) {
    }

    static List<ReadPart> readAll(InputStream in, String boundary) throws IOException {
        MultipartReader reader = new MultipartReader(in, boundary);
        List<ReadPart> parts = new ArrayList<>();
        MultipartReader.Part part;
        while ((part = reader.next()) != null) {
            parts.add(new ReadPart(part.name(), part.fileName(), part.body().readAllBytes()));
        }
        assertNull(reader.next(), "stays at the end");
        return parts;
    }

    @Test
    void readsTextAndFileParts() throws IOException {
        byte[] body = new Body(BOUNDARY).text("name", "orders").text("kind", "csv")
                .file("file", "orders.csv", "id,amount\r\n1,9.5\r\n".getBytes(StandardCharsets.UTF_8)).close();
        List<ReadPart> parts = readAll(new ByteArrayInputStream(body), BOUNDARY);
        assertEquals(3, parts.size());
        assertEquals("name", parts.get(0).name());
        assertEquals("orders", new String(parts.get(0).content(), StandardCharsets.UTF_8));
        assertNull(parts.get(0).fileName());
        assertEquals("file", parts.get(2).name());
        assertEquals("orders.csv", parts.get(2).fileName());
        assertEquals("id,amount\r\n1,9.5\r\n", new String(parts.get(2).content(), StandardCharsets.UTF_8));
    }

    @Test
    void boundariesSplitAcrossReadsOfEverySize() throws IOException {
        // content full of near-misses: CRLFs, dashes, the boundary without its CRLF, a cut-off delimiter
        String tricky = "a\r\nb\r\n\r\n--\r\n-" + BOUNDARY + "\r\n--" + BOUNDARY.substring(0, 10) + "x\r\n\r\r\n\n--";
        byte[] content = (tricky.repeat(50) + "end\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new Body(BOUNDARY).text("kind", "csv").file("file", "f.csv", content).text("name", "last").close();
        for (int size = 1; size <= 80; size++) {
            List<ReadPart> parts = readAll(new Chunked(body, size), BOUNDARY);
            assertEquals(3, parts.size(), "piece size " + size);
            assertArrayEquals(content, parts.get(1).content(), "piece size " + size);
            assertEquals("last", new String(parts.get(2).content(), StandardCharsets.UTF_8), "piece size " + size);
        }
        List<ReadPart> uneven = readAll(new Chunked(body, 7, 1, 64, 3, 100_000, 2), BOUNDARY);
        assertArrayEquals(content, uneven.get(1).content());
    }

    @Test
    void binaryContentOfAnySizeArrivesIntact() throws IOException, NoSuchAlgorithmException {
        Random random = new Random(42);
        for (int length : new int[] {0, 1, 2, 73, 74, 75, 65_535, 65_536, 65_537, 1_000_003}) {
            byte[] content = new byte[length];
            random.nextBytes(content);
            byte[] body = new Body(BOUNDARY).file("file", "x.parquet", content).close();
            MultipartReader reader = new MultipartReader(new Chunked(body, 8191, 1, 65536, 13), BOUNDARY);
            MultipartReader.Part part = reader.next();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1000];
            long total = 0;
            int n;
            InputStream in = part.body();
            while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                digest.update(buffer, 0, n);
                total += n;
            }
            assertEquals(length, total);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(content), digest.digest(), "length " + length);
            assertNull(reader.next());
        }
    }

    @Test
    void contentEndingInCrlfKeepsIt() throws IOException {
        byte[] content = "line1\r\nline2\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = new Body(BOUNDARY).file("file", "f.csv", content).close();
        assertArrayEquals(content, readAll(new Chunked(body, 3), BOUNDARY).get(0).content());
    }

    @Test
    void singleByteReadsWork() throws IOException {
        byte[] body = new Body(BOUNDARY).text("name", "ab\r\nc").close();
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
        InputStream in = reader.next().body();
        StringBuilder text = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            text.append((char) b);
        }
        assertEquals("ab\r\nc", text.toString());
    }

    @Test
    void preambleEpiloguePaddingAndUnreadPartsAreHandled() throws IOException {
        byte[] body = new Body(BOUNDARY).raw("This is the preamble.\r\nIgnore it.\r\n")
                .raw("--" + BOUNDARY + " \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nA\r\n")
                .raw("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nB\r\n")
                .raw("--" + BOUNDARY + "--\r\nepilogue, ignored\r\n--" + BOUNDARY + "\r\n").open();
        MultipartReader reader = new MultipartReader(new Chunked(body, 5), BOUNDARY);
        assertEquals("a", reader.next().name()); // content not read: skipped by next()
        MultipartReader.Part b = reader.next();
        assertEquals("b", b.name());
        assertEquals("B", b.text(10));
        assertNull(reader.next());
    }

    @Test
    void fileNamesAreDecodedAndStrippedOfPaths() throws IOException {
        byte[] body = new Body(BOUNDARY)
                .part("Content-Disposition: form-data; name=\"file\"; filename=\"C:\\\\Users\\\\me\\\\q\\\"1\\\".csv\"\r\n", new byte[] {1})
                .part("Content-Disposition: form-data; name=\"file2\"; filename=\"x.csv\"; filename*=UTF-8''%C3%BCbersicht%202024.csv\r\n", new byte[] {2})
                .part("content-disposition: FORM-DATA;name=plain;filename=ümlaut.csv\r\n", new byte[] {3})
                .close();
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
        assertEquals("q\"1\".csv", reader.next().fileName());
        assertEquals("übersicht 2024.csv", reader.next().fileName());
        MultipartReader.Part plain = reader.next();
        assertTrue(plain.isFormData());
        assertEquals("plain", plain.name());
        assertEquals("ümlaut.csv", plain.fileName());
    }

    @Test
    void theBoundaryComesFromTheContentType() throws MultipartException {
        assertEquals("abc", MultipartReader.boundaryOf("multipart/form-data; boundary=abc"));
        assertEquals("a b;c", MultipartReader.boundaryOf("multipart/form-data;charset=utf-8;BOUNDARY=\"a b;c\""));
        MultipartException missing = assertThrows(MultipartException.class, () -> MultipartReader.boundaryOf("multipart/form-data"));
        assertTrue(missing.getMessage().contains("no boundary parameter"), missing.getMessage());
        assertThrows(MultipartException.class, () -> MultipartReader.boundaryOf("multipart/form-data; boundary="));
        assertThrows(MultipartException.class, () -> MultipartReader.boundaryOf("multipart/form-data; boundary=" + "x".repeat(71)));
        assertThrows(MultipartException.class, () -> MultipartReader.boundaryOf(null));
    }

    @Test
    void aBodyCutOffInAFileIsAnError() throws IOException {
        byte[] body = new Body(BOUNDARY).file("file", "f.csv", "1,2\r\n3,4\r\n".getBytes(StandardCharsets.UTF_8)).open();
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 8);
        MultipartReader reader = new MultipartReader(new Chunked(cut, 4), BOUNDARY);
        InputStream in = reader.next().body();
        MultipartException e = assertThrows(MultipartException.class, in::readAllBytes);
        assertTrue(e.getMessage().contains("ended before the closing boundary"), e.getMessage());
        assertSame(e, reader.failure());
    }

    @Test
    void aBodyWithoutClosingBoundaryIsAnError() {
        byte[] body = new Body(BOUNDARY).text("a", "1").open(); // ends right after a part's CRLF
        MultipartException e = assertThrows(MultipartException.class, () -> readAll(new ByteArrayInputStream(body), BOUNDARY));
        assertTrue(e.getMessage().contains("closing boundary"), e.getMessage());
    }

    @Test
    void aWrongBoundaryIsAnError() {
        byte[] body = new Body(BOUNDARY).text("a", "1").close();
        MultipartException e = assertThrows(MultipartException.class, () -> readAll(new ByteArrayInputStream(body), "other"));
        assertTrue(e.getMessage().contains("holds no part delimited by '--other'"), e.getMessage());
        MultipartException empty = assertThrows(MultipartException.class, () -> readAll(new ByteArrayInputStream(new byte[0]), BOUNDARY));
        assertTrue(empty.getMessage().contains("holds no part"), empty.getMessage());
    }

    @Test
    void aHugePreambleIsAnError() {
        byte[] body = new Body(BOUNDARY).raw("x".repeat(MultipartReader.MAX_PREAMBLE_BYTES + 10)).text("a", "1").close();
        MultipartException e = assertThrows(MultipartException.class, () -> readAll(new ByteArrayInputStream(body), BOUNDARY));
        assertTrue(e.getMessage().contains("within the first"), e.getMessage());
    }

    @Test
    void malformedHeadersAreErrors() {
        byte[] noColon = new Body(BOUNDARY).part("this is not a header\r\n", new byte[] {1}).close();
        MultipartException e = assertThrows(MultipartException.class, () -> readAll(new ByteArrayInputStream(noColon), BOUNDARY));
        assertTrue(e.getMessage().contains("malformed header"), e.getMessage());

        byte[] longHeaders = new Body(BOUNDARY).part("X-Long: " + "y".repeat(MultipartReader.MAX_HEADER_BYTES) + "\r\n", new byte[] {1}).close();
        MultipartException tooLong = assertThrows(MultipartException.class, () -> readAll(new Chunked(longHeaders, 1000), BOUNDARY));
        assertTrue(tooLong.getMessage().contains("longer than " + MultipartReader.MAX_HEADER_BYTES), tooLong.getMessage());

        byte[] junkAfterBoundary = new Body(BOUNDARY).raw("--" + BOUNDARY + "junk\r\n\r\nx\r\n").close();
        MultipartException junk = assertThrows(MultipartException.class, () -> readAll(new ByteArrayInputStream(junkAfterBoundary), BOUNDARY));
        assertTrue(junk.getMessage().contains("followed by other characters"), junk.getMessage());
    }

    @Test
    void tooManyPartsAreAnError() {
        Body body = new Body(BOUNDARY);
        for (int i = 0; i <= MultipartReader.MAX_PARTS; i++) {
            body.text("f" + i, "v");
        }
        byte[] bytes = body.close();
        MultipartException e = assertThrows(MultipartException.class, () -> readAll(new ByteArrayInputStream(bytes), BOUNDARY));
        assertTrue(e.getMessage().contains("more than " + MultipartReader.MAX_PARTS + " parts"), e.getMessage());
    }

    @Test
    void anOversizeTextPartIsRefused() throws IOException {
        byte[] body = new Body(BOUNDARY).text("options", "{" + " ".repeat(UploadForm.MAX_TEXT_BYTES) + "}").close();
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
        MultipartReader.Part part = reader.next();
        PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class, () -> part.text(UploadForm.MAX_TEXT_BYTES));
        assertEquals("form field 'options' is larger than 65536 bytes", e.getMessage());
    }

    @Test
    void aReadFailureOfTheConnectionIsReported() throws IOException {
        InputStream failing = new InputStream() {
            private final InputStream start = new ByteArrayInputStream(new Body(BOUNDARY).file("file", "f", new byte[100]).open());

            @Override
            public int read() throws IOException {
                int b = start.read();
                if (b < 0) {
                    throw new IOException("connection reset");
                }
                return b;
            }
        };
        MultipartReader reader = new MultipartReader(failing, BOUNDARY);
        InputStream in = reader.next().body();
        MultipartException e = assertThrows(MultipartException.class, in::readAllBytes);
        assertTrue(e.getMessage().contains("could not be read: connection reset"), e.getMessage());
    }

    /** A source of n bytes generated on the fly that remembers how far it was read. */
    static final class Generated extends InputStream {
        private final byte[] head;
        private final long fileBytes;
        private final byte[] tail;
        long position;

        Generated(byte[] head, long fileBytes, byte[] tail) {
            this.head = head;
            this.fileBytes = fileBytes;
            this.tail = tail;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long total = head.length + fileBytes + tail.length;
            if (position >= total) {
                return -1;
            }
            int n = (int) Math.min(len, total - position);
            for (int i = 0; i < n; i++) {
                long p = position + i;
                b[off + i] = p < head.length ? head[(int) p]
                        : p < head.length + fileBytes ? (byte) ('a' + (p % 26))
                        : tail[(int) (p - head.length - fileBytes)];
            }
            position += n;
            return n;
        }
    }

    @Test
    void aLargeFileIsStreamedNotBuffered() throws IOException {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
        long size = 100L * 1024 * 1024;
        Generated source = new Generated(head, size, tail);
        MultipartReader reader = new MultipartReader(source, BOUNDARY);
        InputStream in = reader.next().body();
        byte[] buffer = new byte[8192];
        long read = 0;
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
            read += n;
            // never more than one buffer ahead of what the consumer took
            assertTrue(source.position - head.length - read <= 64 * 1024, () -> "read ahead: " + source.position);
        }
        assertEquals(size, read);
        assertNull(reader.next());
    }
}

package org.dataanalyst.rest.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578 over RFC 2046) part by part, straight from the
 * request stream: a part's content is handed out as an {@link InputStream} that ends at the next
 * boundary, so a file part can be streamed to disk without ever being held in memory. Only a fixed
 * buffer (64 KiB) is used, whatever the size of the body.
 *
 * <p>Limits: part headers {@value #MAX_HEADER_BYTES} bytes, preamble {@value #MAX_PREAMBLE_BYTES} bytes,
 * at most {@value #MAX_PARTS} parts. A body that breaks the syntax or ends before its closing boundary
 * fails with a {@link MultipartException} whose message says what is wrong; the first such failure is
 * also kept ({@link #failure()}), so that it can be recognized after a consumer of a part's stream
 * wrapped it in an exception of its own.
 *
 * <p>Not thread-safe; a part's stream is valid until {@link #next()} is called again.
 */
final class MultipartReader {

    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final int MAX_PREAMBLE_BYTES = 64 * 1024;
    static final int MAX_PARTS = 32;
    private static final int MAX_PADDING = 256;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final InputStream in;
    private final String boundary;
    private final byte[] delimiter;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int end;
    private boolean eof;

    /** Exclusive end of the part data known to be in {@code buf}; -1 when not yet searched. */
    private int dataEnd = -1;
    /** Whether the delimiter starts at {@link #dataEnd}. */
    private boolean delimiterAtDataEnd;
    /** Whether the current part's content (at first: the preamble) has been read up to its delimiter. */
    private boolean partEnded;

    private boolean started;
    private boolean done;
    private int parts;
    private PartStream current;
    private MultipartException failure;

    /**
     * @param in       the request body
     * @param boundary the boundary from the {@code Content-Type} (see {@link #boundaryOf(String)})
     */
    MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.boundary = boundary;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // The first delimiter may open the body without a CRLF before it: start with one, so that
        // every delimiter looks the same.
        buf[0] = '\r';
        buf[1] = '\n';
        end = 2;
    }

    /**
     * The {@code boundary} parameter of a {@code multipart/form-data} content type.
     *
     * @throws MultipartException when it is missing or not a valid boundary (RFC 2046: 1–70 characters)
     */
    static String boundaryOf(String contentType) throws MultipartException {
        if (contentType == null) {
            throw new MultipartException("Content-Type is missing; send multipart/form-data with a boundary parameter");
        }
        String boundary = parameters(contentType).get("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new MultipartException("Content-Type '" + contentType + "' has no boundary parameter, "
                    + "e.g. multipart/form-data; boundary=----x7ac (most HTTP clients add it when they build the form)");
        }
        if (boundary.length() > 70 || boundary.indexOf('\r') >= 0 || boundary.indexOf('\n') >= 0) {
            throw new MultipartException("the multipart boundary in Content-Type is not valid: RFC 2046 allows "
                    + "1 to 70 characters on one line");
        }
        return boundary;
    }

    /** Parameters of a header value such as {@code form-data; name="a"; filename="b.csv"}; names lower-cased. */
    static Map<String, String> parameters(String headerValue) throws MultipartException {
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = headerValue.indexOf(';');
        if (i < 0) {
            return parameters;
        }
        int n = headerValue.length();
        i++;
        while (i < n) {
            while (i < n && (headerValue.charAt(i) == ' ' || headerValue.charAt(i) == '\t' || headerValue.charAt(i) == ';')) {
                i++;
            }
            int nameStart = i;
            while (i < n && headerValue.charAt(i) != '=' && headerValue.charAt(i) != ';') {
                i++;
            }
            String name = headerValue.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            if (i >= n || headerValue.charAt(i) == ';') {
                if (!name.isEmpty()) {
                    parameters.put(name, "");
                }
                continue;
            }
            i++; // '='
            while (i < n && (headerValue.charAt(i) == ' ' || headerValue.charAt(i) == '\t')) {
                i++;
            }
            String value;
            if (i < n && headerValue.charAt(i) == '"') {
                StringBuilder quoted = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = headerValue.charAt(i++);
                    if (c == '\\' && i < n) {
                        quoted.append(headerValue.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        quoted.append(c);
                    }
                }
                if (!closed) {
                    throw new MultipartException("unterminated quoted string in header value '" + headerValue + "'");
                }
                value = quoted.toString();
                while (i < n && headerValue.charAt(i) != ';') {
                    i++;
                }
            } else {
                int valueStart = i;
                while (i < n && headerValue.charAt(i) != ';') {
                    i++;
                }
                value = headerValue.substring(valueStart, i).trim();
            }
            if (!name.isEmpty()) {
                parameters.putIfAbsent(name, value);
            }
        }
        return parameters;
    }

    /** The first failure this reader met, or {@code null}. */
    MultipartException failure() {
        return failure;
    }

    /**
     * Moves to the next part; whatever is left of the current part's content is skipped.
     *
     * @return the next part, or {@code null} after the closing boundary
     * @throws MultipartException when the body is malformed or cannot be read
     */
    Part next() throws IOException {
        if (done) {
            return null;
        }
        if (current != null) {
            current.closed = true;
            current = null;
        }
        if (!started) {
            started = true;
            skipPreamble();
        } else {
            skipRestOfPart();
        }
        if (closingDelimiter()) {
            done = true;
            return null;
        }
        if (++parts > MAX_PARTS) {
            throw fail("the form has more than " + MAX_PARTS + " parts");
        }
        Map<String, String> headers = readHeaders();
        partEnded = false;
        current = new PartStream();
        return new Part(headers, current);
    }

    // --- the content of a part ---

    private void skipPreamble() throws IOException {
        long skipped = 0;
        byte[] scratch = new byte[4096];
        while (true) {
            int n;
            try {
                n = readData(scratch, 0, scratch.length);
            } catch (MultipartException e) {
                if (!eof || failure != e) {
                    throw e;
                }
                failure = null;
                throw fail("the body holds no part delimited by '--" + boundary + "', the boundary in Content-Type");
            }
            if (n < 0) {
                return;
            }
            skipped += n;
            if (skipped > MAX_PREAMBLE_BYTES) {
                throw fail("no '--" + boundary + "' boundary within the first " + MAX_PREAMBLE_BYTES
                        + " bytes of the body: does the boundary in Content-Type match the body?");
            }
        }
    }

    private void skipRestOfPart() throws IOException {
        byte[] scratch = new byte[8192];
        while (readData(scratch, 0, scratch.length) >= 0) {
            // skip
        }
    }

    /**
     * Reads content of the current part; -1 once its delimiter has been reached (and consumed).
     */
    private int readData(byte[] b, int off, int len) throws IOException {
        if (partEnded) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int available = available();
        if (available == 0) {
            // the delimiter starts at pos
            pos += delimiter.length;
            dataEnd = -1;
            partEnded = true;
            return -1;
        }
        int n = Math.min(len, available);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Bytes of part data at {@code pos}; 0 means the delimiter starts at {@code pos}. */
    private int available() throws IOException {
        while (true) {
            if (dataEnd >= 0 && (dataEnd > pos || delimiterAtDataEnd)) {
                return dataEnd - pos;
            }
            int found = indexOfDelimiter(pos, end);
            if (found >= 0) {
                dataEnd = found;
                delimiterAtDataEnd = true;
                continue;
            }
            // A delimiter may begin in the last (length - 1) bytes: keep them until more has come.
            int safe = Math.max(pos, end - (delimiter.length - 1));
            if (safe > pos) {
                dataEnd = safe;
                delimiterAtDataEnd = false;
                continue;
            }
            if (eof) {
                throw fail("the body ended before the closing boundary '--" + boundary + "--': the upload is incomplete");
            }
            fill();
        }
    }

    private int indexOfDelimiter(int from, int to) {
        byte first = delimiter[0];
        int last = to - delimiter.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Moves the unread bytes to the front of the buffer and reads more; sets {@link #eof}. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        dataEnd = -1;
        if (end == buf.length) {
            throw new IllegalStateException("multipart buffer full"); // cannot happen: lines and delimiters are bounded
        }
        int n;
        try {
            n = in.read(buf, end, buf.length - end);
        } catch (MultipartException e) {
            throw e;
        } catch (IOException e) {
            throw fail("the request body could not be read: " + e.getMessage(), e);
        }
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    /** Makes at least {@code n} unread bytes available; false at the end of the body. */
    private boolean ensure(int n) throws IOException {
        while (end - pos < n) {
            if (eof) {
                return false;
            }
            fill();
        }
        return true;
    }

    // --- between parts ---

    /** After a delimiter: {@code --} closes the body; else optional padding and CRLF start a part. */
    private boolean closingDelimiter() throws IOException {
        if (!ensure(2)) {
            throw fail("the body ended right after a boundary: the closing boundary '--" + boundary + "--' is missing");
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            pos += 2;
            return true; // the epilogue, if any, is ignored and left unread
        }
        int padding = 0;
        while (true) {
            if (!ensure(1)) {
                throw fail("the body ended after a boundary line");
            }
            byte c = buf[pos];
            if (c == ' ' || c == '\t') {
                pos++;
                if (++padding > MAX_PADDING) {
                    throw fail("a boundary line has too much trailing white space");
                }
                continue;
            }
            break;
        }
        if (!ensure(2) || buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw fail("a boundary '--" + boundary + "' is followed by other characters than CRLF: "
                    + "the content of a part contains the boundary, or the body is not multipart");
        }
        pos += 2;
        return false;
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        String lastName = null;
        while (true) {
            int lineEnd = -1;
            while (true) {
                for (int i = pos; i + 1 < end; i++) {
                    if (buf[i] == '\r' && buf[i + 1] == '\n') {
                        lineEnd = i;
                        break;
                    }
                }
                if (lineEnd >= 0) {
                    break;
                }
                if (end - pos > MAX_HEADER_BYTES - total) {
                    throw fail("the headers of part " + parts + " are longer than " + MAX_HEADER_BYTES + " bytes");
                }
                if (eof) {
                    throw fail("the body ended inside the headers of part " + parts);
                }
                fill();
            }
            int length = lineEnd - pos;
            total += length + 2;
            if (total > MAX_HEADER_BYTES) {
                throw fail("the headers of part " + parts + " are longer than " + MAX_HEADER_BYTES + " bytes");
            }
            String line = new String(buf, pos, length, StandardCharsets.UTF_8);
            pos = lineEnd + 2;
            if (line.isEmpty()) {
                return headers;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && lastName != null) {
                headers.put(lastName, headers.get(lastName) + " " + line.trim()); // obsolete folding
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw fail("part " + parts + " has a malformed header line (no 'Name: value'); is the body multipart/form-data?");
            }
            lastName = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.putIfAbsent(lastName, line.substring(colon + 1).trim());
        }
    }

    private MultipartException fail(String detail) {
        return fail(detail, null);
    }

    private MultipartException fail(String detail, Throwable cause) {
        MultipartException e = cause == null ? new MultipartException(detail) : new MultipartException(detail, cause);
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /** The content of the current part. */
    private final class PartStream extends InputStream {
        private boolean closed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                return -1;
            }
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return readData(b, off, len);
        }

        @Override
        public int available() {
            if (closed || partEnded || dataEnd < 0) {
                return 0;
            }
            return Math.max(0, dataEnd - pos);
        }

        @Override
        public void close() {
            // the rest of the part is skipped by next(); the request stream stays open
        }
    }

    /**
     * One part of the form.
     *
     * @param headers its headers, names in lower case
     * @param body    its content, ending at the part's end
     */
    record Part(Map<String, String> headers, InputStream body) {

        Part {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** The {@code name} of its {@code Content-Disposition: form-data}; {@code null} when there is none. */
        String name() throws MultipartException {
            return disposition().get("name");
        }

        /**
         * The file name the client gave, if any: {@code filename*} (RFC 5987) wins over {@code filename};
         * only the last segment of a path (some clients send one) is kept.
         */
        String fileName() throws MultipartException {
            Map<String, String> disposition = disposition();
            String name = null;
            String extended = disposition.get("filename*");
            if (extended != null) {
                name = decodeExtended(extended);
            }
            if (name == null) {
                name = disposition.get("filename");
            }
            if (name == null) {
                return null;
            }
            int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
            return name.substring(slash + 1);
        }

        /** Whether the part is a {@code form-data} part. */
        boolean isFormData() {
            String value = headers.get("content-disposition");
            return value != null && value.trim().toLowerCase(Locale.ROOT).startsWith("form-data");
        }

        private Map<String, String> disposition() throws MultipartException {
            String value = headers.get("content-disposition");
            return value == null ? Map.of() : parameters(value);
        }

        /**
         * Reads the whole content as UTF-8 text.
         *
         * @throws PayloadTooLargeException when it has more than {@code maxBytes}
         */
        String text(int maxBytes) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            int n;
            while ((n = body.read(chunk, 0, chunk.length)) >= 0) {
                out.write(chunk, 0, n);
                if (out.size() > maxBytes) {
                    String name = name();
                    throw new PayloadTooLargeException("form field '" + name + "' is larger than " + maxBytes + " bytes");
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }

        private static String decodeExtended(String value) {
            // charset'language'percent-encoded
            int first = value.indexOf('\'');
            int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
            if (second < 0 || !value.substring(0, first).equalsIgnoreCase("UTF-8")) {
                return null;
            }
            String encoded = value.substring(second + 1);
            List<Byte> bytes = new ArrayList<>();
            for (int i = 0; i < encoded.length(); i++) {
                char c = encoded.charAt(i);
                if (c == '%' && i + 2 < encoded.length()) {
                    try {
                        bytes.add((byte) Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                        i += 2;
                        continue;
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                bytes.add((byte) c);
            }
            byte[] raw = new byte[bytes.size()];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = bytes.get(i);
            }
            return new String(raw, StandardCharsets.UTF_8);
        }
    }
}

package org.dataanalyst.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.rest.internal.MultipartReaderTest.Body;
import org.dataanalyst.rest.internal.MultipartReaderTest.Chunked;
import org.dataanalyst.spi.connector.IngestTarget.OnError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset upload form: fields in any order, the file streamed to a real file as it arrives. */
class UploadFormTest {

    static final String B = MultipartReaderTest.BOUNDARY;
    static final Set<String> KINDS = Set.of("csv", "tsv", "parquet", "json", "ndjson", "jsonl", "postgres", "sqlite");
    static final ObjectMapper JSON = Json.mapper();

    @TempDir
    Path raw;

    /** Receives the file into {@code raw/}, as the datasets service does, and answers its path. */
    private UploadForm.FileReceiver<Path> toDisk() {
        return (fileName, content) -> {
            Path target = raw.resolve(fileName);
            try (InputStream in = content) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        };
    }

    private UploadForm.Result<Path> read(byte[] body) throws IOException {
        return UploadForm.read(new MultipartReader(new Chunked(body, 3, 4096), B), JSON, KINDS, toDisk());
    }

    private static final byte[] CSV = "id,name\r\n1,Ann\r\n2,Bob\r\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void theFileMayComeFirst() throws IOException {
        byte[] body = new Body(B).file("file", "orders.csv", CSV).text("name", "orders2026").text("kind", "csv")
                .text("options", "{\"delimiter\": \",\", \"header\": true}").text("on_error", "skip").text("force", "true").close();
        UploadForm.Result<Path> form = read(body);
        assertEquals("orders2026", form.name());
        assertEquals("csv", form.kind());
        assertEquals(Map.of("delimiter", ",", "header", true), form.options());
        assertEquals(OnError.SKIP, form.onError());
        assertTrue(form.force());
        assertEquals("orders.csv", form.fileName());
        assertEquals(new String(CSV, StandardCharsets.UTF_8), Files.readString(form.file()));
    }

    @Test
    void theFileMayComeLast() throws IOException {
        byte[] body = new Body(B).text("on_error", "FAIL").text("kind", "tsv").file("file", "export.txt", CSV).close();
        UploadForm.Result<Path> form = read(body);
        assertEquals("export", form.name());
        assertEquals("tsv", form.kind());
        assertEquals(OnError.FAIL, form.onError());
        assertFalse(form.force());
        assertEquals(Map.of(), form.options());
    }

    @Test
    void kindAndNameComeFromTheFileName() throws IOException {
        assertEquals("csv", read(new Body(B).file("file", "Q1 orders (final).csv", CSV).close()).kind());
        assertEquals("Q1_orders__final_", read(new Body(B).file("file", "Q1 orders (final).CSV.gz", CSV).close()).name());
        assertEquals("tsv", UploadForm.kindOf("x.tab"));
        assertEquals("csv", UploadForm.kindOf("x.csv.gz"));
        assertEquals("jsonl", UploadForm.kindOf("events.JSONL"));
        assertEquals(null, UploadForm.kindOf("archive.tar.gz"));
        assertEquals(null, UploadForm.kindOf("README"));
        assertEquals("events", UploadForm.nameOf("events.ndjson.zst"));
        assertEquals("dataset", UploadForm.nameOf("___.csv"));
        assertEquals("x".repeat(64), UploadForm.nameOf("x".repeat(100) + ".csv"));
    }

    @Test
    void anUnknownKindBeforeTheFileIsRefusedBeforeAnythingIsWritten() throws IOException {
        byte[] body = new Body(B).text("kind", "xlsx").file("file", "book.xlsx", CSV).close();
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> read(body));
        assertEquals("unknown kind 'xlsx'; known kinds: csv, json, jsonl, ndjson, parquet, postgres, sqlite, tsv", e.getMessage());
        try (var files = Files.list(raw)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void anUnrecognizedExtensionNeedsAKind() throws IOException {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> read(new Body(B).text("name", "book").file("file", "data.xlsx", CSV).close()));
        assertTrue(e.getMessage().startsWith("cannot tell the kind of 'data.xlsx' from its extension"), e.getMessage());
        assertTrue(e.getMessage().contains("send a form field 'kind' before the file"), e.getMessage());
        assertTrue(e.getMessage().contains("known kinds: csv, json"), e.getMessage());
        // refused when the file arrives, before anything is written: a later 'kind' cannot help
        assertThrows(InvalidRequestException.class, () -> read(new Body(B).file("file", "data.dat", CSV).text("kind", "csv").close()));
        try (var files = Files.list(raw)) {
            assertEquals(0, files.count());
        }
        assertEquals("csv", read(new Body(B).text("kind", "CSV").file("file", "data.dat", CSV).close()).kind());
        // a later kind overrides the extension's
        assertEquals("tsv", read(new Body(B).file("file", "data.csv", CSV).text("kind", "tsv").close()).kind());
    }

    @Test
    void fieldsAreStrict() {
        InvalidRequestException unknown = assertThrows(InvalidRequestException.class,
                () -> read(new Body(B).text("nmae", "x").file("file", "a.csv", CSV).close()));
        assertEquals("unknown form field 'nmae'; known fields: name, kind, options, on_error, force, file", unknown.getMessage());

        InvalidRequestException twice = assertThrows(InvalidRequestException.class,
                () -> read(new Body(B).text("name", "x").text("name", "y").file("file", "a.csv", CSV).close()));
        assertEquals("form field 'name' is given more than once", twice.getMessage());

        InvalidRequestException missing = assertThrows(InvalidRequestException.class, () -> read(new Body(B).text("name", "x").close()));
        assertTrue(missing.getMessage().startsWith("form field 'file' is missing"), missing.getMessage());

        InvalidRequestException notAFile = assertThrows(InvalidRequestException.class,
                () -> read(new Body(B).text("file", "id,name").close()));
        assertTrue(notAFile.getMessage().contains("must be a file part"), notAFile.getMessage());

        InvalidRequestException noFileChosen = assertThrows(InvalidRequestException.class,
                () -> read(new Body(B).file("file", "", new byte[0]).close()));
        assertTrue(noFileChosen.getMessage().contains("no file was chosen"), noFileChosen.getMessage());

        InvalidRequestException noDisposition = assertThrows(InvalidRequestException.class,
                () -> read(new Body(B).part("Content-Type: text/plain\r\n", CSV).close()));
        assertTrue(noDisposition.getMessage().contains("Content-Disposition: form-data"), noDisposition.getMessage());
    }

    @Test
    void valuesAreChecked() {
        InvalidRequestException onError = assertThrows(InvalidRequestException.class,
                () -> read(new Body(B).text("on_error", "ignore").file("file", "a.csv", CSV).close()));
        assertEquals("form field 'on_error' must be 'fail' or 'skip', was 'ignore'", onError.getMessage());

        InvalidRequestException force = assertThrows(InvalidRequestException.class,
                () -> read(new Body(B).text("force", "maybe").file("file", "a.csv", CSV).close()));
        assertEquals("form field 'force' must be 'true' or 'false', was 'maybe'", force.getMessage());

        InvalidRequestException options = assertThrows(InvalidRequestException.class,
                () -> read(new Body(B).text("options", "[1, 2]").file("file", "a.csv", CSV).close()));
        assertTrue(options.getMessage().startsWith("form field 'options' must be a JSON object"), options.getMessage());

        InvalidRequestException malformed = assertThrows(InvalidRequestException.class,
                () -> read(new Body(B).text("options", "{\"header\": tru}").file("file", "a.csv", CSV).close()));
        assertTrue(malformed.getMessage().contains("at line 1"), malformed.getMessage());
    }

    @Test
    void anOversizeTextFieldIs413() {
        byte[] body = new Body(B).text("name", "n".repeat(UploadForm.MAX_TEXT_BYTES + 1)).file("file", "a.csv", CSV).close();
        PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class, () -> read(body));
        assertEquals("form field 'name' is larger than 65536 bytes", e.getMessage());
    }

    @Test
    void optionsMayBeSentAsAFile() throws IOException {
        // curl -F options=@opts.json sends the options as a file part: it is still a text field
        byte[] body = new Body(B).file("options", "opts.json", "{\"skip\": 2}".getBytes(StandardCharsets.UTF_8))
                .file("file", "a.csv", CSV).close();
        assertEquals(Map.of("skip", 2), read(body).options());
    }

    @Test
    void aBrokenBodyWhileReceivingIsReportedAsSuch() {
        byte[] body = new Body(B).text("kind", "csv").file("file", "a.csv", CSV).open(); // no closing boundary
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 4);
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(cut), B);
        MultipartException e = assertThrows(MultipartException.class, () -> UploadForm.read(reader, JSON, KINDS, toDisk()));
        assertTrue(e.getMessage().contains("upload is incomplete"), e.getMessage());
        assertEquals(e, reader.failure());
    }
}

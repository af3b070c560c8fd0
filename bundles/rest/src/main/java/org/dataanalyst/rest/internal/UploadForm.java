package org.dataanalyst.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.spi.connector.IngestTarget.OnError;

/**
 * The form of {@code POST /api/projects/{id}/datasets} as {@code multipart/form-data}: fields
 * {@code name}, {@code kind}, {@code options} (JSON object), {@code on_error} ({@code fail}|{@code skip}),
 * {@code force} ({@code true}|{@code false}) and {@code file}, in any order.
 *
 * <p>The {@code file} part is handed to a {@link FileReceiver} as a stream the moment it arrives, never
 * buffered. Text fields are at most {@value #MAX_TEXT_BYTES} bytes each (more is 413).
 *
 * <p>Fields that arrive before the file are checked before anything is received, and so is the kind:
 * it must be known when the file arrives, from a {@code kind} field sent before it or from the file's
 * extension. A form whose file comes last (as browsers and {@code curl -F} send it when it is given
 * last) is therefore refused without writing anything. Fields after the file are allowed (a later
 * {@code kind} overrides the extension's) but can only be checked once the file is stored.
 */
final class UploadForm {

    /** Largest text field, in bytes. */
    static final int MAX_TEXT_BYTES = 64 * 1024;

    /** The fields of the form. */
    static final List<String> FIELDS = List.of("name", "kind", "options", "on_error", "force", "file");

    /** Connector kinds by file extension, for a form without {@code kind}. */
    static final Map<String, String> KIND_BY_EXTENSION = kindsByExtension();

    /** Compression suffixes looked through when telling the kind and the name, e.g. {@code orders.csv.gz}. */
    static final Set<String> COMPRESSION = Set.of("gz", "zst");

    private UploadForm() {
    }

    private static Map<String, String> kindsByExtension() {
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("csv", "csv");
        kinds.put("tsv", "tsv");
        kinds.put("tab", "tsv");
        kinds.put("parquet", "parquet");
        kinds.put("json", "json");
        kinds.put("ndjson", "ndjson");
        kinds.put("jsonl", "jsonl");
        return java.util.Collections.unmodifiableMap(kinds);
    }

    /** Takes the content of the {@code file} part; reads it to its end. */
    @FunctionalInterface
    interface FileReceiver<T> {
        T receive(String fileName, InputStream content) throws IOException;
    }

    /**
     * A complete, checked form.
     *
     * @param name     the dataset name: the field, or derived from the file name
     * @param kind     the connector kind: the field, or from the file's extension
     * @param options  connector options (empty when not given)
     * @param onError  what to do with unreadable rows
     * @param force    whether to make a new version even if the source is unchanged
     * @param fileName the file name the client gave
     * @param file     what the receiver returned for the file
     */
    record Result<T>(String name, String kind, Map<String, Object> options, OnError onError, boolean force,
                     String fileName, T file) {
    }

    /**
     * Reads the whole form.
     *
     * @param knownKinds the kinds of the running connectors; empty to leave the check to the ingest
     * @throws InvalidRequestException  when a field is missing, unknown, repeated or malformed
     * @throws PayloadTooLargeException when a text field is too large
     * @throws MultipartException       when the body is not well-formed multipart
     */
    static <T> Result<T> read(MultipartReader reader, ObjectMapper json, Set<String> knownKinds, FileReceiver<T> receiver)
            throws IOException {
        Set<String> seen = new HashSet<>();
        String name = null;
        String kind = null;
        Map<String, Object> options = Map.of();
        OnError onError = OnError.FAIL;
        boolean force = false;
        String fileName = null;
        T file = null;

        MultipartReader.Part part;
        while ((part = reader.next()) != null) {
            String field = part.isFormData() ? part.name() : null;
            if (field == null || field.isEmpty()) {
                throw new InvalidRequestException("every part of the form needs 'Content-Disposition: form-data; name=\"…\"'");
            }
            if (!FIELDS.contains(field)) {
                throw new InvalidRequestException("unknown form field '" + field + "'; known fields: " + String.join(", ", FIELDS));
            }
            if (!seen.add(field)) {
                throw new InvalidRequestException("form field '" + field + "' is given more than once");
            }
            switch (field) {
                case "file" -> {
                    fileName = part.fileName();
                    if (fileName == null) {
                        throw new InvalidRequestException("form field 'file' must be a file part (with a filename), "
                                + "e.g. curl -F file=@orders.csv");
                    }
                    if (fileName.isBlank()) {
                        throw new InvalidRequestException("no file was chosen: form field 'file' has an empty file name");
                    }
                    // Everything that can be checked is checked before a byte is written. The kind must
                    // be known by now: from a 'kind' field before the file, or from the file's extension.
                    checkKind(kind != null ? kind : kindFromName(fileName, knownKinds), knownKinds);
                    file = receiver.receive(fileName, part.body());
                }
                case "name" -> name = blankToNull(part.text(MAX_TEXT_BYTES));
                case "kind" -> {
                    String text = blankToNull(part.text(MAX_TEXT_BYTES));
                    kind = text == null ? null : text.toLowerCase(Locale.ROOT);
                }
                case "options" -> options = options(part.text(MAX_TEXT_BYTES), json);
                case "on_error" -> onError = onError(part.text(MAX_TEXT_BYTES), "form field 'on_error'");
                case "force" -> force = force(part.text(MAX_TEXT_BYTES));
                default -> throw new IllegalStateException(field);
            }
        }
        if (fileName == null) {
            throw new InvalidRequestException("form field 'file' is missing: send the data as a file part named 'file', "
                    + "e.g. curl -F file=@orders.csv");
        }
        if (kind == null) {
            kind = kindFromName(fileName, knownKinds);
        }
        checkKind(kind, knownKinds);
        return new Result<>(name == null ? nameOf(fileName) : name, kind, options, onError, force, fileName, file);
    }

    private static String kindFromName(String fileName, Set<String> knownKinds) {
        String kind = kindOf(fileName);
        if (kind == null) {
            throw new InvalidRequestException("cannot tell the kind of '" + fileName + "' from its extension ("
                    + String.join(", ", KIND_BY_EXTENSION.keySet().stream().map(e -> "." + e).toList())
                    + "); send a form field 'kind' before the file" + known(knownKinds));
        }
        return kind;
    }

    private static String blankToNull(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    private static void checkKind(String kind, Set<String> knownKinds) {
        if (!knownKinds.isEmpty() && !knownKinds.contains(kind)) {
            throw new InvalidRequestException("unknown kind '" + kind + "'" + known(knownKinds));
        }
    }

    private static String known(Set<String> knownKinds) {
        return knownKinds.isEmpty() ? "" : "; known kinds: " + String.join(", ", new TreeSet<>(knownKinds));
    }

    private static Map<String, Object> options(String text, ObjectMapper json) {
        if (text.isBlank()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("form field 'options' must be a JSON object: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException("form field 'options' must be a JSON object, e.g. {\"delimiter\": \";\"}");
        }
        return json.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** {@code fail} or {@code skip}, any case; {@code null} or empty is {@code fail}. */
    static OnError onError(String text, String what) {
        if (text == null || text.isBlank()) {
            return OnError.FAIL;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "fail" -> OnError.FAIL;
            case "skip" -> OnError.SKIP;
            default -> throw new InvalidRequestException(what + " must be 'fail' or 'skip', was '" + text.strip() + "'");
        };
    }

    private static boolean force(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "", "false", "0", "off" -> false;
            case "true", "1", "on" -> true;
            default -> throw new InvalidRequestException("form field 'force' must be 'true' or 'false', was '" + text.strip() + "'");
        };
    }

    /** The kind a file name's extension tells (looking through {@code .gz}, {@code .zst}), or {@code null}. */
    static String kindOf(String fileName) {
        List<String> parts = extensions(fileName);
        return parts.isEmpty() ? null : KIND_BY_EXTENSION.get(parts.get(0));
    }

    /**
     * A dataset name from a file name: without its extension(s), characters outside {@code [A-Za-z0-9._-]}
     * replaced by {@code _}, starting with a letter or digit, at most 64 characters.
     */
    static String nameOf(String fileName) {
        String base = fileName;
        List<String> extensions = extensions(fileName);
        if (!extensions.isEmpty()) {
            int cut = base.length();
            for (int i = extensions.size() - 1; i >= 0; i--) {
                cut -= extensions.get(i).length() + 1;
            }
            base = base.substring(0, cut);
        }
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[^A-Za-z0-9]+", "");
        if (safe.length() > 64) {
            safe = safe.substring(0, 64);
        }
        return safe.isEmpty() ? "dataset" : safe;
    }

    /** The last extension (or a compression suffix and the one before it), lower case, outermost last. */
    private static List<String> extensions(String fileName) {
        List<String> found = new ArrayList<>();
        String rest = fileName;
        for (int round = 0; round < 2; round++) {
            int dot = rest.lastIndexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                break;
            }
            String extension = rest.substring(dot + 1).toLowerCase(Locale.ROOT);
            found.add(0, extension);
            rest = rest.substring(0, dot);
            if (!COMPRESSION.contains(extension)) {
                break;
            }
        }
        return found;
    }
}

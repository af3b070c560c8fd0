package org.dataanalyst.connector.files.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the engine's error text about a file into a message for users: the file's name, the line, what
 * is wrong in plain words and what to do — without the engine's multi-line option dumps. Patterns as
 * DuckDB 2.0 words them; text it does not recognise is passed on (first line only) rather than lost.
 */
final class EngineErrors {

    /** Longest excerpt of a source line quoted in a message. */
    static final int EXCERPT = 80;

    private static final Pattern CSV_LINE = Pattern.compile("CSV Error on Line: (\\d+)");
    private static final Pattern ORIGINAL_LINE = Pattern.compile("Original Line: ");
    private static final Pattern COLUMNS = Pattern.compile("Expected Number of Columns: (\\d+) Found: (\\d+)");
    private static final Pattern UNTERMINATED = Pattern.compile("Value with unterminated quote found\\.?");
    private static final Pattern CAST = Pattern.compile(
            "Error when converting column \"(.*?)\"\\. Could not convert string \"(.*?)\" to '(.*?)'", Pattern.DOTALL);
    private static final Pattern UNICODE = Pattern.compile("Invalid unicode \\(byte sequence mismatch\\) detected\\.?"
            + "( This file is not utf-8 encoded\\.)?");
    private static final Pattern LINE_SIZE = Pattern.compile("Maximum line size of (\\d+) bytes exceeded");
    private static final Pattern UNQUOTED = Pattern.compile("Value with unquoted quote|quote.*unquoted value",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SNIFF = Pattern.compile("Error when sniffing file|not possible to automatically detect");
    private static final Pattern UNKNOWN_TYPE = Pattern.compile("Type with name (.+?) does not exist");
    private static final Pattern OUT_OF_MEMORY = Pattern.compile("^\\s*Out of Memory Error");
    private static final Pattern ERROR_PREFIX = Pattern.compile("^(?:[A-Z][A-Za-z ]*? )?Error: ");

    private static final Pattern JSON_MALFORMED = Pattern.compile(
            "Malformed JSON in file \"(?:.*?)\", at byte (\\d+) in (line|record/value|object) (\\d+): (.*?)\\.(?:\\s|$)",
            Pattern.DOTALL);
    private static final Pattern JSON_TRANSFORM = Pattern.compile(
            "JSON transform error in file \"(?:.*?)\", in (line|record/value|object) (\\d+): ([^\\n]*)");
    private static final Pattern JSON_TRAILING_ARRAY = Pattern.compile("Empty array with trailing data");
    private static final Pattern JSON_NOT_RECORDS = Pattern.compile("expected records, but got non-record JSON");

    private EngineErrors() {
    }

    /**
     * @param file     the file's name
     * @param encoding the encoding the file was read in, for the hint on invalid text
     * @param message  the engine's message
     * @return a message naming the file and, where the engine says, the line
     */
    /** @return whether the engine's message is about a quoted value that is never closed */
    static boolean unterminatedQuote(String message) {
        return message != null && UNTERMINATED.matcher(message).find();
    }

    static String csv(String file, String encoding, String message) {
        String m = message == null ? "" : message;
        String memory = outOfMemory(file, m);
        if (memory != null) {
            return memory;
        }
        Matcher line = CSV_LINE.matcher(m);
        String where = line.find() ? file + " line " + line.group(1) : file;
        String what;
        int descriptionAt = -1;
        Matcher x;
        if ((x = COLUMNS.matcher(m)).find()) {
            descriptionAt = x.start();
            what = "expected " + x.group(1) + " fields, found " + x.group(2);
        } else if ((x = UNTERMINATED.matcher(m)).find()) {
            descriptionAt = x.start();
            what = "a quoted value is not closed (unterminated quote; if quotes are ordinary characters in this file, "
                    + "set the option quote to \"\" for no quoting)";
        } else if ((x = CAST.matcher(m)).find()) {
            descriptionAt = x.start();
            what = "value \"" + excerpt(x.group(2)) + "\" in column \"" + x.group(1) + "\" is not a valid " + x.group(3)
                    + " (set the option types, e.g. {\"" + x.group(1) + "\": \"VARCHAR\"}, or all_varchar: true, "
                    + "to keep such values as text)";
        } else if ((x = UNICODE.matcher(m)).find()) {
            descriptionAt = x.start();
            what = "the text is not valid " + (encoding == null ? "UTF-8" : encoding.toUpperCase(java.util.Locale.ROOT))
                    + " (set the option encoding: utf-8, utf-16 or latin-1)";
        } else if ((x = LINE_SIZE.matcher(m)).find()) {
            descriptionAt = x.start();
            what = "the line is longer than " + x.group(1) + " bytes (is the quote character right?)";
        } else if ((x = UNQUOTED.matcher(m)).find()) {
            descriptionAt = x.start();
            what = "a quote character inside a value that is not quoted";
        } else if (SNIFF.matcher(m).find()) {
            what = "the CSV dialect could not be detected (set the options delimiter, quote, escape, header, skip_rows "
                    + "or encoding)";
        } else if ((x = UNKNOWN_TYPE.matcher(m)).find()) {
            what = "the option types names " + x.group(1) + ", which is not an engine type (e.g. VARCHAR, BIGINT, "
                    + "DOUBLE, DECIMAL(18,2), DATE, TIMESTAMP, BOOLEAN)";
        } else {
            what = firstLine(m);
        }
        String original = descriptionAt < 0 ? null : originalLine(m, descriptionAt);
        return where + ": " + what + (original == null || original.isEmpty() ? "" : " (the line reads \"" + original + "\")");
    }

    /**
     * @param file    the file's name
     * @param message the engine's message
     * @return a message naming the file and the line (newline-delimited) or value (other formats)
     */
    static String json(String file, String message) {
        String m = message == null ? "" : message;
        String memory = outOfMemory(file, m);
        if (memory != null) {
            return memory;
        }
        Matcher x;
        if ((x = JSON_MALFORMED.matcher(m)).find()) {
            // DuckDB adds 1 twice to the line/value index of a parse error (GetLineNumber already returns a
            // 1-based number and ThrowParseError adds 1 again); transform errors are counted correctly.
            long n = Math.max(1, Long.parseLong(x.group(3)) - 1);
            String reason = x.group(4).strip();
            if ("line".equals(x.group(2))) {
                return file + " line " + n + ": not valid JSON (" + reason + " at character " + x.group(1) + ")";
            }
            return file + ": not valid JSON near value " + n + " of the file (" + reason + ")";
        }
        if ((x = JSON_TRANSFORM.matcher(m)).find()) {
            String unit = "line".equals(x.group(1)) ? " line " : " value ";
            String what = x.group(3).strip();
            boolean cast = what.contains("cast") || what.contains("convert");
            return file + unit + x.group(2) + ": " + excerpt(what, 160)
                    + (cast ? " (the types were detected from the first records; set sample_size: -1 to look at all "
                            + "of them)" : "");
        }
        if (JSON_TRAILING_ARRAY.matcher(m).find()) {
            return file + ": not valid JSON (there is content after the closing ] of the top-level array)";
        }
        if (JSON_NOT_RECORDS.matcher(m).find()) {
            return file + ": holds values that are not objects while the option records is true";
        }
        return file + ": " + firstLine(m);
    }

    /**
     * @param file    the file's name
     * @param message the engine's message
     * @return "x.parquet is not a readable Parquet file: reason"
     */
    static String parquet(String file, String message) {
        String m = message == null ? "" : message;
        String memory = outOfMemory(file, m);
        return memory != null ? memory : file + " is not a readable Parquet file: " + firstLine(m);
    }

    /** @return a message for a read that ran out of memory, or {@code null} when it did not */
    static String outOfMemory(String file, String message) {
        if (!OUT_OF_MEMORY.matcher(message).find()) {
            return null;
        }
        return file + " could not be read within the engine's memory limit (" + firstLine(message)
                + "); raise the engine's memory_limit or split the file";
    }

    /** @return the engine's first line without its "Xxx Error: " prefix */
    static String firstLine(String message) {
        String m = message.strip();
        int nl = m.indexOf('\n');
        String first = (nl < 0 ? m : m.substring(0, nl)).strip();
        first = ERROR_PREFIX.matcher(first).replaceFirst("");
        return first.isEmpty() ? "the engine could not read it" : first;
    }

    /** @return the text a user recognises a line by: control characters shown, at most {@value #EXCERPT} characters */
    static String excerpt(String text) {
        return excerpt(text, EXCERPT);
    }

    private static String excerpt(String text, int max) {
        String s = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }

    private static String originalLine(String message, int descriptionAt) {
        Matcher o = ORIGINAL_LINE.matcher(message);
        if (!o.find() || o.end() > descriptionAt) {
            return null;
        }
        String text = message.substring(o.end(), descriptionAt);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        return excerpt(text);
    }
}

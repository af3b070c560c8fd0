package org.dataanalyst.connector.files.internal;

import java.util.List;
import java.util.Map;

import org.dataanalyst.api.InvalidRequestException;

/**
 * The options of a CSV/TSV source, validated. Every dialect setting is {@code null} when the user left it
 * to detection.
 *
 * @param delimiter       one character
 * @param quote           one character, or "" for no quoting
 * @param escape          one character, or "" for none
 * @param header          whether the first (non-skipped) line holds the column names
 * @param encoding        {@code utf-8}, {@code utf-16} or {@code latin-1}
 * @param dateFormat      a strftime format, e.g. {@code %d/%m/%Y}
 * @param timestampFormat a strftime format, e.g. {@code %d/%m/%Y %H:%M:%S}
 * @param skipRows        lines to skip before the header
 * @param nullStrings     the texts read as NULL (unquoted only)
 * @param types           engine types per column name (names compared case-insensitively)
 * @param allVarchar      read every column as text
 * @param comment         the character starting a comment line, or "" for none
 * @param sampleSize      rows the detection looks at, -1 for all
 */
record CsvOptions(String delimiter, String quote, String escape, Boolean header, String encoding, String dateFormat,
        String timestampFormat, Long skipRows, List<String> nullStrings, Map<String, String> types, boolean allVarchar,
        String comment, Long sampleSize) {

    static final String DELIMITER = "delimiter";
    static final String QUOTE = "quote";
    static final String ESCAPE = "escape";
    static final String HEADER = "header";
    static final String ENCODING = "encoding";
    static final String DATE_FORMAT = "date_format";
    static final String TIMESTAMP_FORMAT = "timestamp_format";
    static final String SKIP_ROWS = "skip_rows";
    static final String NULL_STRINGS = "null_strings";
    static final String TYPES = "types";
    static final String ALL_VARCHAR = "all_varchar";
    static final String COMMENT = "comment";
    static final String SAMPLE_SIZE = "sample_size";

    /** The encodings DuckDB's CSV reader supports without extensions, with the aliases we accept. */
    static final List<String> ENCODINGS = List.of("utf-8", "utf-16", "latin-1", "utf8", "utf16", "utf-16le", "latin1",
            "iso-8859-1");

    static final List<OptionSpec> SPECS = List.of(
            OptionSpec.of(DELIMITER, OptionSpec.Type.DELIMITER,
                    "Field separator: one character, \\t for a tab. Default: detected (a tab for tsv)."),
            OptionSpec.of(QUOTE, OptionSpec.Type.CHAR,
                    "Quote character, \"\" for none. Default: detected, else \"."),
            OptionSpec.of(ESCAPE, OptionSpec.Type.CHAR,
                    "Character escaping a quote inside a quoted value, \"\" for none. Default: detected, else the quote "
                            + "itself (\"\" inside \"…\")."),
            OptionSpec.of(HEADER, OptionSpec.Type.BOOLEAN,
                    "Whether the first line (after skip_rows) holds the column names. Default: detected."),
            OptionSpec.oneOf(ENCODING, ENCODINGS,
                    "Text encoding: utf-8, utf-16 (little-endian) or latin-1. Default: utf-8, or utf-16 when the file "
                            + "starts with its byte order mark."),
            OptionSpec.of(DATE_FORMAT, OptionSpec.Type.STRING,
                    "strftime format of DATE values, e.g. %d/%m/%Y. Default: detected."),
            OptionSpec.of(TIMESTAMP_FORMAT, OptionSpec.Type.STRING,
                    "strftime format of TIMESTAMP values, e.g. %d/%m/%Y %H:%M. Default: detected."),
            OptionSpec.integer(SKIP_ROWS, 0, "Lines to skip at the top of the file, before the header. Default: detected."),
            OptionSpec.of(NULL_STRINGS, OptionSpec.Type.STRING_LIST,
                    "Unquoted texts read as NULL, e.g. [\"\", \"NA\"]. Default: [\"\"] (an empty unquoted field). "
                            + "A quoted empty string is always an empty string."),
            OptionSpec.of(TYPES, OptionSpec.Type.TYPE_MAP,
                    "Engine types of some columns, e.g. {\"zip\": \"VARCHAR\", \"amount\": \"DECIMAL(12,2)\"}. "
                            + "Default: detected."),
            OptionSpec.of(ALL_VARCHAR, OptionSpec.Type.BOOLEAN,
                    "Read every column as text (VARCHAR), values exactly as written. Default: false."),
            OptionSpec.of(COMMENT, OptionSpec.Type.CHAR,
                    "Character starting a comment line, \"\" for none. Default: detected."),
            OptionSpec.integer(SAMPLE_SIZE, -1,
                    "Rows the detection of dialect and types looks at; -1 for the whole file. Default: 20480."));

    CsvOptions {
        nullStrings = nullStrings == null ? null : List.copyOf(nullStrings);
        types = types == null ? Map.of() : Map.copyOf(types);
    }

    /**
     * @param kind    {@code csv} or {@code tsv}
     * @param options the user's options
     * @throws InvalidRequestException naming the option that is unknown or wrong
     */
    static CsvOptions parse(String kind, Map<String, Object> options) {
        Options o = Options.validate(kind, options, SPECS);
        String delimiter = o.string(DELIMITER);
        String quote = o.string(QUOTE);
        String escape = o.string(ESCAPE);
        if (delimiter != null && delimiter.equals(quote)) {
            throw new InvalidRequestException("Options 'delimiter' and 'quote' of a " + kind + " source must differ");
        }
        if (delimiter != null && delimiter.equals(o.string(COMMENT))) {
            throw new InvalidRequestException("Options 'delimiter' and 'comment' of a " + kind + " source must differ");
        }
        Long sample = o.integer(SAMPLE_SIZE);
        if (sample != null && sample == 0) {
            throw new InvalidRequestException("Option 'sample_size' of a " + kind + " source must be -1 (all rows) or "
                    + "at least 1, not 0");
        }
        for (String format : new String[] {o.string(DATE_FORMAT), o.string(TIMESTAMP_FORMAT)}) {
            if (format != null && !format.contains("%")) {
                throw new InvalidRequestException("Options 'date_format' and 'timestamp_format' of a " + kind
                        + " source take strftime formats such as %d/%m/%Y or %Y-%m-%d %H:%M:%S, not \"" + format + "\"");
            }
        }
        return new CsvOptions(delimiter, quote, escape, o.bool(HEADER), encoding(o.string(ENCODING)),
                o.string(DATE_FORMAT), o.string(TIMESTAMP_FORMAT), o.integer(SKIP_ROWS), o.strings(NULL_STRINGS),
                o.map(TYPES), Boolean.TRUE.equals(o.bool(ALL_VARCHAR)), o.string(COMMENT), sample);
    }

    /** @return these options with the quote character set ({@code ""}: no quoting) */
    CsvOptions withQuote(String newQuote) {
        return new CsvOptions(delimiter, newQuote, escape, header, encoding, dateFormat, timestampFormat, skipRows,
                nullStrings, types, allVarchar, comment, sampleSize);
    }

    /** @return DuckDB's name of the encoding, or {@code null} */
    static String encoding(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "utf8", "utf-8" -> "utf-8";
            case "utf16", "utf-16", "utf-16le" -> "utf-16";
            default -> "latin-1";
        };
    }
}

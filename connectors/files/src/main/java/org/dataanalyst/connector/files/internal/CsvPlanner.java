package org.dataanalyst.connector.files.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.engine.QueryResult;

/**
 * Plans the read of one CSV/TSV file, entirely through the engine: detects the dialect with
 * {@code sniff_csv}, applies the user's options on top, checks the header with a raw {@code read_csv}
 * (empty file, header without rows, empty or duplicate column names), and writes the single
 * {@code read_csv(…)} scan with every parameter explicit ({@code auto_detect=false}), so the engine does
 * all the parsing, in one pass, exactly as planned.
 *
 * <p>Detection runs up to three sniffs, each reading only a sample: a strict one; when that fails or finds
 * a single column, a lenient one ({@code ignore_errors=true}) that is not thrown off by a few malformed
 * rows in the sample; and when neither found a quote character, {@code "} is used (RFC 4180) — so a file
 * whose sample happens to hold no quotes still reads quoted values later on, and an unterminated quote is
 * reported instead of read as text. Only when the sample's lines do hold a {@code "} (a byte scan of the
 * first lines, see {@link #quoteMayBeInSample}) does a sniff with {@code "} pinned run, whose types win
 * when it agrees on the columns; without one it would parse the sample exactly as the first sniff did.
 * The common file costs one sniff, a header read of one bounded buffer and one bind.
 */
public final class CsvPlanner {

    /** DuckDB's default sample for detection (rows). */
    static final long DEFAULT_SAMPLE = 20480;
    /**
     * The header check's read buffer (bytes): DuckDB reads a whole buffer (32 MB by default) even for two
     * rows. It also bounds the line length that read accepts, so it is just above the scan's own limit
     * ({@code max_line_size}, 2,000,000 bytes by default): whatever the scan can read, the check can too.
     */
    static final long HEADER_CHECK_BUFFER = 2_097_152;
    /** Longest rejected line kept in the rejects artifact (characters). */
    static final int REJECT_CONTENT_MAX = 4096;

    /**
     * The planned read.
     *
     * @param scan    the {@code read_csv(…)} expression for {@code IngestTarget.fromEngineScan}
     * @param columns the columns it yields (names and engine types)
     * @param dialect the effective dialect, for the source metadata (JSON-compatible, no nulls)
     * @param rejects with skipping: the query listing rejected rows ({@code line, error, content}) after the
     *                scan ran, else {@code null}
     * @param encoding the encoding the file is read in
     */
    public record CsvPlan(String scan, List<Column> columns, Map<String, Object> dialect, String rejects,
            String encoding) {
        public CsvPlan {
            columns = List.copyOf(columns);
            dialect = Map.copyOf(dialect);
        }
    }

    /** What {@code sniff_csv} reported. */
    record Sniff(String delimiter, String quote, String escape, String newLine, String comment, long skipRows,
            boolean header, List<Column> columns, String dateFormat, String timestampFormat) {
    }

    private final SqlRunner sql;

    /** @param sql runs queries in the session that will scan the file */
    public CsvPlanner(SqlRunner sql) {
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    /**
     * @param file        the file, readable by the session
     * @param tsv         whether the source kind is {@code tsv} (tab is the default delimiter)
     * @param options     the user's options
     * @param skipBadRows {@code true} to skip malformed rows (and list them), {@code false} to fail on the first
     * @return the plan
     * @throws SourceFailure when the file cannot be read as CSV: the message names the file and line
     */
    public CsvPlan plan(Path file, boolean tsv, CsvOptions options, boolean skipBadRows) throws Exception {
        String name = file.getFileName().toString();
        FileProbe.Result probe = FileProbe.inspect(file);
        if (probe.blank()) {
            throw new SourceFailure(name + " is empty");
        }
        String encoding = options.encoding();
        if (encoding == null) {
            if (probe.bom() == FileProbe.Bom.UTF16BE) {
                throw new SourceFailure(name + " is UTF-16 big-endian, which the engine cannot read: save it as UTF-8 "
                        + "or UTF-16 little-endian");
            }
            encoding = probe.bom() == FileProbe.Bom.UTF16LE ? "utf-16" : "utf-8";
        }
        String delimiter = options.delimiter() != null ? options.delimiter() : tsv ? "\t" : null;

        // 1. detect
        Map<String, String> base = new LinkedHashMap<>();
        base.put("encoding", Sql.literal(encoding));
        if (delimiter != null) {
            base.put("delim", Sql.literal(delimiter));
        }
        if (options.quote() != null) {
            base.put("quote", Sql.literal(options.quote()));
        }
        if (options.escape() != null) {
            base.put("escape", Sql.literal(options.escape()));
        }
        if (options.header() != null) {
            base.put("header", options.header().toString());
        }
        if (options.skipRows() != null) {
            base.put("skip", options.skipRows().toString());
        }
        if (options.comment() != null) {
            base.put("comment", Sql.literal(options.comment()));
        }
        if (options.dateFormat() != null) {
            base.put("dateformat", Sql.literal(options.dateFormat()));
        }
        if (options.timestampFormat() != null) {
            base.put("timestampformat", Sql.literal(options.timestampFormat()));
        }
        if (options.nullStrings() != null) {
            base.put("nullstr", Sql.list(options.nullStrings()));
        }
        base.put("sample_size", Long.toString(options.sampleSize() != null ? options.sampleSize() : DEFAULT_SAMPLE));
        base.put("allow_quoted_nulls", "false");

        Sniff chosen;
        boolean lenient = false;
        Exception strictFailure = null;
        Sniff strict = null;
        try {
            strict = sniff(file, base);
        } catch (Exception e) {
            strictFailure = e;
        }
        chosen = strict;
        if (strict == null || (strict.columns().size() == 1 && delimiter == null)) {
            Map<String, String> tolerant = new LinkedHashMap<>(base);
            tolerant.put("ignore_errors", "true");
            try {
                Sniff s = sniff(file, tolerant);
                if (strict == null || s.columns().size() > strict.columns().size()) {
                    chosen = s;
                    lenient = true;
                }
            } catch (Exception e) {
                if (strict == null) {
                    throw new SourceFailure(EngineErrors.csv(name, encoding, strictFailure.getMessage()), strictFailure);
                }
            }
        }
        String quote = chosen.quote();
        String escape = chosen.escape();
        if (options.quote() == null && quote.isEmpty() && quoteMayBeInSample(file, encoding, options, chosen)) {
            Map<String, String> pinned = new LinkedHashMap<>(base);
            pinned.put("delim", Sql.literal(chosen.delimiter()));
            pinned.put("quote", Sql.literal("\""));
            pinned.put("escape", Sql.literal(options.escape() != null ? options.escape() : "\""));
            if (lenient) {
                pinned.put("ignore_errors", "true");
            }
            try {
                Sniff s = sniff(file, pinned);
                if (s.columns().size() == chosen.columns().size()) {
                    chosen = s;
                }
            } catch (Exception e) {
                // the sample does not parse with " as the quote: keep the detected columns; the scan will
                // report (or skip) the rows that do not parse
            }
            quote = "\"";
            escape = options.escape() != null ? options.escape() : chosen.escape();
        } else if (options.quote() == null && quote.isEmpty()) {
            // no " in the sample: a sniff with " pinned would parse it exactly as the first did
            quote = "\"";
            escape = options.escape() != null ? options.escape() : chosen.escape();
        }
        if (options.escape() == null && escape.isEmpty() && !quote.isEmpty()) {
            escape = quote; // RFC 4180: a quote inside a quoted value is doubled
        }
        String effectiveDelimiter = delimiter != null ? delimiter : chosen.delimiter();
        boolean header = options.header() != null ? options.header() : chosen.header();
        long skip = options.skipRows() != null ? options.skipRows() : chosen.skipRows();
        String comment = options.comment() != null ? options.comment() : chosen.comment();
        String dateFormat = options.dateFormat() != null ? options.dateFormat() : chosen.dateFormat();
        String timestampFormat = options.timestampFormat() != null ? options.timestampFormat() : chosen.timestampFormat();
        String newLine = chosen.newLine();

        Map<String, String> dialect = new LinkedHashMap<>();
        dialect.put("delim", Sql.literal(effectiveDelimiter));
        dialect.put("quote", Sql.literal(quote));
        dialect.put("escape", Sql.literal(escape));
        // new_line is left to the reader, which takes \n, \r\n and \r alike: DuckDB 2.0 with new_line='\r\n'
        // and strict_mode=true silently returns no rows at all
        dialect.put("skip", Long.toString(skip));
        dialect.put("comment", Sql.literal(comment));
        dialect.put("encoding", Sql.literal(encoding));
        dialect.put("allow_quoted_nulls", "false");
        if (options.nullStrings() != null) {
            dialect.put("nullstr", Sql.list(options.nullStrings()));
        }

        // 2. check the header with a raw read of the first two rows
        int width = chosen.columns().size();
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 0; i < width; i++) {
            raw.put("c" + i, "VARCHAR");
        }
        String rawScan = "read_csv(" + Sql.literal(file) + ", auto_detect=false, header=false, columns=" + Sql.struct(raw)
                + ", " + params(dialect) + ", strict_mode=false, null_padding=true, parallel=false, buffer_size=" + HEADER_CHECK_BUFFER
                + (skipBadRows ? ", ignore_errors=true" : "") + ")";
        QueryResult firstRows;
        try {
            firstRows = sql.query("SELECT * FROM " + rawScan + " LIMIT 2");
        } catch (Exception e) {
            throw new SourceFailure(EngineErrors.csv(name, encoding, e.getMessage()), e);
        }
        long headerLine = skip + 1;
        if (header) {
            if (firstRows.rows().isEmpty()) {
                throw new SourceFailure(name + " is empty");
            }
            checkNames(name, headerLine, firstRows.rows().get(0));
            if (firstRows.rows().size() < 2) {
                throw new SourceFailure(name + " has a header but no " + (skipBadRows ? "readable " : "") + "rows");
            }
        } else if (firstRows.rows().isEmpty()) {
            throw new SourceFailure(name + " has no " + (skipBadRows ? "readable " : "") + "rows"
                    + (skip > 0 ? " after the " + skip + " skipped lines" : ""));
        }

        // 3. columns: detected types, then the user's
        List<Column> columns = columns(name, chosen.columns(), options);

        // 4. the scan
        Map<String, String> scan = new LinkedHashMap<>();
        scan.put("auto_detect", "false");
        scan.put("header", Boolean.toString(header));
        scan.putAll(dialect);
        Map<String, String> columnTypes = new LinkedHashMap<>();
        columns.forEach(c -> columnTypes.put(c.name(), c.type()));
        scan.put("columns", Sql.struct(columnTypes));
        if (dateFormat != null) {
            scan.put("dateformat", Sql.literal(dateFormat));
        }
        if (timestampFormat != null) {
            scan.put("timestampformat", Sql.literal(timestampFormat));
        }
        scan.put("strict_mode", "true");
        if (skipBadRows) {
            scan.put("ignore_errors", "true");
            scan.put("store_rejects", "true");
        }
        String scanSql = "read_csv(" + Sql.literal(file) + ", " + params(scan) + ")";
        String rejects = skipBadRows ? rejectsQuery() : null;
        // binding the scan checks what the sample could not: type names and formats the user gave
        try {
            QueryResult bound = sql.query("DESCRIBE SELECT * FROM " + scanSql);
            List<Column> described = new ArrayList<>(bound.rows().size());
            for (List<Object> row : bound.rows()) {
                described.add(new Column((String) row.get(0), (String) row.get(1), true));
            }
            columns = described;
        } catch (Exception e) {
            throw new SourceFailure(EngineErrors.csv(name, encoding, e.getMessage()), e);
        }

        Map<String, Object> effective = new LinkedHashMap<>();
        effective.put("delimiter", effectiveDelimiter);
        effective.put("quote", quote);
        effective.put("escape", escape);
        effective.put("header", header);
        if (newLine != null) {
            effective.put("new_line", newLine.replace("\\r", "\r").replace("\\n", "\n"));
        }
        effective.put("skip_rows", skip);
        effective.put("comment", comment);
        effective.put("encoding", encoding);
        if (dateFormat != null) {
            effective.put("date_format", dateFormat);
        }
        if (timestampFormat != null) {
            effective.put("timestamp_format", timestampFormat);
        }
        effective.put("null_strings", options.nullStrings() != null ? options.nullStrings() : List.of(""));
        effective.put("all_varchar", options.allVarchar());
        List<String> set = new ArrayList<>();
        if (options.delimiter() != null) {
            set.add(CsvOptions.DELIMITER);
        }
        if (options.quote() != null) {
            set.add(CsvOptions.QUOTE);
        }
        if (options.escape() != null) {
            set.add(CsvOptions.ESCAPE);
        }
        if (options.header() != null) {
            set.add(CsvOptions.HEADER);
        }
        if (options.encoding() != null) {
            set.add(CsvOptions.ENCODING);
        }
        if (options.skipRows() != null) {
            set.add(CsvOptions.SKIP_ROWS);
        }
        if (options.comment() != null) {
            set.add(CsvOptions.COMMENT);
        }
        if (options.dateFormat() != null) {
            set.add(CsvOptions.DATE_FORMAT);
        }
        if (options.timestampFormat() != null) {
            set.add(CsvOptions.TIMESTAMP_FORMAT);
        }
        if (!options.types().isEmpty()) {
            set.add(CsvOptions.TYPES);
        }
        effective.put("set_by_user", set);
        return new CsvPlan(scanSql, columns, effective, rejects, encoding);
    }

    /**
     * The rows the last scan of this session rejected, one per line: {@code store_rejects} appends every
     * scan's errors to {@code reject_errors} (several errors of one row are several rows there).
     */
    static String rejectsQuery() {
        return "SELECT CAST(line AS BIGINT) AS line, string_agg(error_message, '; ' ORDER BY column_idx) AS error, "
                + "left(any_value(csv_line), " + REJECT_CONTENT_MAX + ") AS content FROM reject_errors "
                + "WHERE scan_id = (SELECT max(scan_id) FROM reject_errors) GROUP BY line ORDER BY line";
    }

    /**
     * One {@code sniff_csv}, one row per detected column (the struct list's text form would be ambiguous
     * with names holding commas or braces).
     */
    private Sniff sniff(Path file, Map<String, String> params) throws Exception {
        QueryResult r = sql.query("SELECT Delimiter, Quote, Escape, NewLineDelimiter, Comment, SkipRows, HasHeader, "
                + "DateFormat, TimestampFormat, c.name, c.type FROM (SELECT *, unnest(Columns) AS c FROM sniff_csv("
                + Sql.literal(file) + ", " + params(params) + "))");
        List<Object> row = r.rows().get(0);
        List<Column> columns = new ArrayList<>(r.rows().size());
        for (List<Object> each : r.rows()) {
            columns.add(new Column((String) each.get(9), (String) each.get(10), true));
        }
        return new Sniff(text(row.get(0)), text(row.get(1)), text(row.get(2)), newLine(text(row.get(3))),
                text(row.get(4)), ((Number) row.get(5)).longValue(), Boolean.TRUE.equals(row.get(6)), columns,
                emptyToNull(row.get(7)), emptyToNull(row.get(8)));
    }

    /**
     * Whether the detection sample may hold a {@code "}, i.e. whether a sniff with {@code "} pinned could
     * detect other columns or types than the sniff that found no quote character. The sample is the first
     * {@code sample_size} rows; this looks at twice as many lines after the skipped ones (comment lines and
     * quoted line breaks make rows and lines differ), which costs a few milliseconds instead of a sniff.
     * UTF-16 is not looked at (its bytes are not characters): there the pinned sniff runs.
     */
    private static boolean quoteMayBeInSample(Path file, String encoding, CsvOptions options, Sniff chosen)
            throws java.io.IOException {
        if (encoding.startsWith("utf-16")) {
            return true;
        }
        long sample = options.sampleSize() != null ? options.sampleSize() : DEFAULT_SAMPLE;
        long skip = options.skipRows() != null ? options.skipRows() : chosen.skipRows();
        long lines = sample < 0 ? -1 : skip + 2 + 2 * sample;
        return FileProbe.occursInFirstLines(file, '"', lines);
    }

    private static List<Column> columns(String name, List<Column> detected, CsvOptions options) throws SourceFailure {
        Map<String, String> byLowerName = new HashMap<>();
        detected.forEach(c -> byLowerName.put(c.name().toLowerCase(Locale.ROOT), c.name()));
        Map<String, String> overrides = new HashMap<>();
        for (Map.Entry<String, String> e : options.types().entrySet()) {
            String column = byLowerName.get(e.getKey().toLowerCase(Locale.ROOT));
            if (column == null) {
                throw new SourceFailure(name + ": the option types names the column '" + e.getKey()
                        + "', which the file does not have; its columns are "
                        + String.join(", ", detected.stream().map(Column::name).toList()));
            }
            overrides.put(column, e.getValue());
        }
        List<Column> columns = new ArrayList<>(detected.size());
        for (Column c : detected) {
            String type = overrides.containsKey(c.name()) ? overrides.get(c.name())
                    : options.allVarchar() ? "VARCHAR" : c.type();
            columns.add(new Column(c.name(), type, true));
        }
        return columns;
    }

    private static void checkNames(String name, long line, List<Object> names) throws SourceFailure {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String n = (String) names.get(i);
            if (n == null || n.isBlank()) {
                throw new SourceFailure(name + " line " + line + ": column " + (i + 1) + " has an empty name");
            }
            Integer before = seen.putIfAbsent(n.toLowerCase(Locale.ROOT), i);
            if (before != null) {
                String first = (String) names.get(before);
                throw new SourceFailure(name + " line " + line + ": duplicate column name '" + n + "' (columns "
                        + (before + 1) + " and " + (i + 1)
                        + (first.equals(n) ? ")" : ", '" + first + "' and '" + n + "' differ only in case, and column "
                                + "names ignore case)"));
            }
        }
    }

    private static String params(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(k).append('=').append(v);
        });
        return sb.toString();
    }

    /** sniff_csv writes an empty setting as "(empty)". */
    private static String text(Object value) {
        String s = value == null ? "" : value.toString();
        return "(empty)".equals(s) ? "" : s;
    }

    private static String emptyToNull(Object value) {
        String s = text(value);
        return s.isEmpty() ? null : s;
    }

    /** @return the escaped form read_csv's new_line takes ({@code \n}, {@code \r\n}, {@code \r}), or null */
    private static String newLine(String sniffed) {
        return switch (sniffed) {
            case "\\n", "\\r\\n", "\\r" -> sniffed;
            case "\n" -> "\\n";
            case "\r\n" -> "\\r\\n";
            case "\r" -> "\\r";
            default -> null; // e.g. a single-line file: let the reader decide
        };
    }
}

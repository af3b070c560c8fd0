package org.dataanalyst.connector.files.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.engine.QueryResult;

/**
 * Plans the read of one JSON / NDJSON file through the engine's {@code read_json}: chooses the format,
 * lets the engine detect the columns (objects become STRUCTs, arrays LISTs), refuses files without
 * records, and writes the scan.
 *
 * <p>Formats: {@code auto} on a file whose first significant character is {@code [} means
 * {@code array} — one top-level array, anything after it is an error (DuckDB's own {@code auto} would
 * read {@code [] 42} as two values). An NDJSON file that does not parse line by line (bare CR line ends,
 * several objects on a line, pretty-printed records) is read as a sequence of JSON values instead, unless
 * the user set the format.
 *
 * <p>Skipping ({@code ignore_errors}) works for newline-delimited files only, and DuckDB keeps no list of
 * what it skipped and turns each malformed line into a row of NULLs. So the planner finds the malformed
 * lines itself (the file read as lines, {@code json_valid}) for the rejects, and drops the all-NULL rows
 * from the scan when their number equals the number of malformed lines (else it keeps them and says so).
 */
public final class JsonPlanner {

    /** Longest rejected line kept in the rejects artifact (characters). */
    static final int REJECT_CONTENT_MAX = 4096;

    private static final Pattern RENAMED = Pattern.compile("(.+)_(\\d+)");

    /**
     * The planned read.
     *
     * @param scan     the expression for {@code IngestTarget.fromEngineScan}
     * @param columns  the columns it yields
     * @param metadata the effective settings for the source metadata (JSON-compatible, no nulls)
     * @param rejects  with skipping: the query listing malformed lines ({@code line, error, content}), else null
     * @param notes    sentences for the run log (a format fallback, renamed keys, kept NULL rows)
     */
    public record JsonPlan(String scan, List<Column> columns, Map<String, Object> metadata, String rejects,
            List<String> notes) {
        public JsonPlan {
            columns = List.copyOf(columns);
            metadata = Map.copyOf(metadata);
            notes = List.copyOf(notes);
        }
    }

    private final SqlRunner sql;

    /** @param sql runs queries in the session that will scan the file */
    public JsonPlanner(SqlRunner sql) {
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    /**
     * @param file        the file, readable by the session
     * @param kind        {@code json}, {@code ndjson} or {@code jsonl}
     * @param options     the user's options
     * @param skipBadRows {@code true} to skip malformed lines (newline-delimited only), {@code false} to fail
     * @return the plan
     * @throws SourceFailure when the file cannot be read: the message names the file and the line or value
     */
    public JsonPlan plan(Path file, String kind, JsonOptions options, boolean skipBadRows) throws Exception {
        String name = file.getFileName().toString();
        FileProbe.Result probe = FileProbe.inspect(file);
        if (probe.blank()) {
            throw new SourceFailure(name + " is empty");
        }
        if (probe.bom() == FileProbe.Bom.UTF16LE || probe.bom() == FileProbe.Bom.UTF16BE) {
            throw new SourceFailure(name + " is UTF-16 encoded; JSON files must be UTF-8");
        }
        List<String> notes = new ArrayList<>();
        String format = options.format() != null ? options.format()
                : "json".equals(kind) ? "auto" : "newline_delimited";
        if ("auto".equals(format) && probe.firstByte() == '[') {
            format = "array";
        }

        List<Column> columns;
        boolean ignoreErrors = false;
        try {
            columns = describe(file, format, options, false);
        } catch (Exception first) {
            List<Column> recovered = null;
            if (options.format() == null && "newline_delimited".equals(format)) {
                try {
                    recovered = describe(file, "auto", options, false);
                    format = "auto";
                    notes.add(name + " is not one JSON value per line; read as a sequence of JSON values");
                } catch (Exception e) {
                    // report the first failure: it has the line
                }
            }
            if (recovered == null && skipBadRows && "newline_delimited".equals(format)) {
                try {
                    recovered = describe(file, format, options, true);
                    ignoreErrors = true;
                } catch (Exception e) {
                    // report the first failure
                }
            }
            if (recovered == null) {
                throw new SourceFailure(EngineErrors.json(name, first.getMessage()), first);
            }
            columns = recovered;
        }
        if (skipBadRows && "newline_delimited".equals(format)) {
            ignoreErrors = true;
        }
        String scan = "read_json(" + Sql.literal(file) + ", " + params(format, options, ignoreErrors) + ")";
        long records;
        try {
            records = ((Number) sql.query("SELECT count(*) FROM (SELECT 1 FROM " + scan + " LIMIT 1)").single())
                    .longValue();
        } catch (Exception e) {
            throw new SourceFailure(EngineErrors.json(name, e.getMessage()), e);
        }
        if (records == 0) {
            throw new SourceFailure(name + " contains no records");
        }

        String rejects = null;
        if (ignoreErrors) {
            String lines = "(SELECT row_number() OVER () AS line, rtrim(l, chr(13)) AS l FROM read_csv(" + Sql.literal(file)
                    + ", auto_detect=false, header=false, columns={'l': 'VARCHAR'}, delim=chr(1), quote='', escape='', "
                    + "strict_mode=false, null_padding=true))";
            String bad = "l IS NOT NULL AND trim(l) <> '' AND NOT json_valid(l)";
            rejects = "SELECT line, 'not valid JSON' AS error, left(l, " + REJECT_CONTENT_MAX + ") AS content FROM " + lines
                    + " WHERE " + bad + " ORDER BY line";
            try {
                long badLines = ((Number) sql.query("SELECT count(*) FROM " + lines + " WHERE " + bad).single())
                        .longValue();
                if (badLines > 0) {
                    String allNull = allNull(columns);
                    long nullRows = ((Number) sql.query("SELECT count(*) FROM " + scan + " WHERE " + allNull).single())
                            .longValue();
                    if (nullRows == badLines) {
                        scan = "(SELECT * FROM " + scan + " WHERE NOT (" + allNull + "))";
                    } else {
                        notes.add(name + ": " + badLines + " malformed lines are skipped, but the file also holds records "
                                + "whose values are all null, so the " + nullRows + " rows of nulls are kept");
                    }
                }
            } catch (Exception e) {
                rejects = null;
                notes.add(name + ": the malformed lines cannot be listed (" + EngineErrors.firstLine(
                        String.valueOf(e.getMessage())) + "); they are skipped and become rows of nulls");
            }
        }
        renamed(columns).ifPresent(notes::add);

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", format);
        metadata.put("records", options.records() != null ? options.records() : "auto");
        if (options.maximumDepth() != null) {
            metadata.put("maximum_depth", options.maximumDepth());
        }
        if (options.sampleSize() != null) {
            metadata.put("sample_size", options.sampleSize());
        }
        if (options.dateFormat() != null) {
            metadata.put("date_format", options.dateFormat());
        }
        if (options.timestampFormat() != null) {
            metadata.put("timestamp_format", options.timestampFormat());
        }
        return new JsonPlan(scan, columns, metadata, rejects, notes);
    }

    private List<Column> describe(Path file, String format, JsonOptions options, boolean ignoreErrors)
            throws Exception {
        QueryResult r = sql.query("DESCRIBE SELECT * FROM read_json(" + Sql.literal(file) + ", "
                + params(format, options, ignoreErrors) + ")");
        List<Column> columns = new ArrayList<>(r.rows().size());
        for (List<Object> row : r.rows()) {
            columns.add(new Column((String) row.get(0), (String) row.get(1), true));
        }
        return columns;
    }

    private static String params(String format, JsonOptions options, boolean ignoreErrors) {
        StringBuilder sb = new StringBuilder("format=").append(Sql.literal(format));
        if (options.records() != null) {
            sb.append(", records=").append(Sql.literal(options.records()));
        }
        if (options.maximumDepth() != null) {
            sb.append(", maximum_depth=").append(options.maximumDepth());
        }
        if (options.sampleSize() != null) {
            sb.append(", sample_size=").append(options.sampleSize());
        }
        if (options.dateFormat() != null) {
            sb.append(", dateformat=").append(Sql.literal(options.dateFormat()));
        }
        if (options.timestampFormat() != null) {
            sb.append(", timestampformat=").append(Sql.literal(options.timestampFormat()));
        }
        if (ignoreErrors) {
            sb.append(", ignore_errors=true");
        }
        return sb.toString();
    }

    private static String allNull(List<Column> columns) {
        StringBuilder sb = new StringBuilder();
        for (Column c : columns) {
            if (sb.length() > 0) {
                sb.append(" AND ");
            }
            sb.append(Sql.identifier(c.name())).append(" IS NULL");
        }
        return sb.toString();
    }

    /** DuckDB renames a key that differs from an earlier one only in case to {@code key_1}, {@code key_2}… */
    private static java.util.Optional<String> renamed(List<Column> columns) {
        Set<String> lower = new HashSet<>();
        columns.forEach(c -> lower.add(c.name().toLowerCase(Locale.ROOT)));
        List<String> renamed = new ArrayList<>();
        for (Column c : columns) {
            Matcher m = RENAMED.matcher(c.name());
            if (m.matches() && lower.contains(m.group(1).toLowerCase(Locale.ROOT))) {
                renamed.add(m.group(1) + " → " + c.name());
            }
        }
        return renamed.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of("keys that differ from an earlier key only in case were renamed (column names "
                        + "ignore case): " + String.join(", ", renamed));
    }
}

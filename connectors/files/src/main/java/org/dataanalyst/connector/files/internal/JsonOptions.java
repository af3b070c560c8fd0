package org.dataanalyst.connector.files.internal;

import java.util.List;
import java.util.Map;

import org.dataanalyst.api.InvalidRequestException;

/**
 * The options of a JSON / NDJSON source, validated; {@code null} where the user left the default.
 *
 * @param format          {@code auto}, {@code array} or {@code newline_delimited}
 * @param records         {@code auto}, {@code true} or {@code false}
 * @param maximumDepth    nesting depth whose types are detected (deeper: JSON), -1 for no limit
 * @param sampleSize      records the type detection looks at, -1 for all
 * @param dateFormat      a strftime format of DATE values
 * @param timestampFormat a strftime format of TIMESTAMP values
 */
record JsonOptions(String format, String records, Long maximumDepth, Long sampleSize, String dateFormat,
        String timestampFormat) {

    static final String FORMAT = "format";
    static final String RECORDS = "records";
    static final String MAXIMUM_DEPTH = "maximum_depth";
    static final String SAMPLE_SIZE = "sample_size";
    static final String DATE_FORMAT = "date_format";
    static final String TIMESTAMP_FORMAT = "timestamp_format";

    static final List<OptionSpec> SPECS = List.of(
            OptionSpec.oneOf(FORMAT, List.of("auto", "array", "newline_delimited"),
                    "auto: one JSON document (an array of records or a record) or a sequence of records; array: one "
                            + "top-level array; newline_delimited: one value per line. Default: auto for json, "
                            + "newline_delimited for ndjson and jsonl."),
            new OptionSpec(RECORDS, OptionSpec.Type.ENUM,
                    "true: every value is an object whose keys are the columns; false: one column named json holding "
                            + "each value; auto: objects are records, anything else goes into a json column. "
                            + "Default: auto.",
                    List.of("auto", "true", "false"), null),
            OptionSpec.integer(MAXIMUM_DEPTH, -1,
                    "Nesting depth whose types are detected; deeper values stay JSON. -1: no limit. Default: -1."),
            OptionSpec.integer(SAMPLE_SIZE, -1,
                    "Records the type detection looks at; -1 for the whole file. Default: 20480."),
            OptionSpec.of(DATE_FORMAT, OptionSpec.Type.STRING,
                    "strftime format of DATE values, e.g. %d/%m/%Y. Default: detected (ISO 8601)."),
            OptionSpec.of(TIMESTAMP_FORMAT, OptionSpec.Type.STRING,
                    "strftime format of TIMESTAMP values. Default: detected (ISO 8601)."));

    /**
     * @param kind    {@code json}, {@code ndjson} or {@code jsonl}
     * @param options the user's options; {@code records} may also be a boolean
     * @throws InvalidRequestException naming the option that is unknown or wrong
     */
    static JsonOptions parse(String kind, Map<String, Object> options) {
        Map<String, Object> normalized = options;
        if (options != null && options.get(RECORDS) instanceof Boolean b) {
            normalized = new java.util.LinkedHashMap<>(options);
            normalized.put(RECORDS, b.toString());
        }
        Options o = Options.validate(kind, normalized, SPECS);
        Long sample = o.integer(SAMPLE_SIZE);
        if (sample != null && sample == 0) {
            throw new InvalidRequestException("Option 'sample_size' of a " + kind + " source must be -1 (all records) "
                    + "or at least 1, not 0");
        }
        Long depth = o.integer(MAXIMUM_DEPTH);
        if (depth != null && depth == 0) {
            throw new InvalidRequestException("Option 'maximum_depth' of a " + kind + " source must be -1 (no limit) "
                    + "or at least 1, not 0");
        }
        for (String format : new String[] {o.string(DATE_FORMAT), o.string(TIMESTAMP_FORMAT)}) {
            if (format != null && !format.contains("%")) {
                throw new InvalidRequestException("Options 'date_format' and 'timestamp_format' of a " + kind
                        + " source take strftime formats such as %d/%m/%Y or %Y-%m-%d %H:%M:%S, not \"" + format + "\"");
            }
        }
        return new JsonOptions(o.string(FORMAT), o.string(RECORDS), depth, sample, o.string(DATE_FORMAT),
                o.string(TIMESTAMP_FORMAT));
    }
}

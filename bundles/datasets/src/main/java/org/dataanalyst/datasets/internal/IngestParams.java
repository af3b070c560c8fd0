package org.dataanalyst.datasets.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.spi.connector.IngestTarget.OnError;
import org.dataanalyst.spi.connector.SourceSpec;

/**
 * The parameters of an {@code ingest} run:
 * {@code {"name": …, "source": {"kind", "location", "options"}, "on_error": "fail"|"skip", "force": bool}}.
 */
record IngestParams(String name, SourceSpec source, OnError onError, boolean force) {

    private static final Set<String> KEYS = Set.of("name", "source", "on_error", "force");
    private static final Set<String> SOURCE_KEYS = Set.of("kind", "location", "options");

    /** @return the parameters as stored with the run (no null values; {@code location} omitted when absent) */
    Map<String, Object> toMap() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("kind", this.source.kind());
        if (this.source.location() != null) source.put("location", this.source.location());
        source.put("options", new LinkedHashMap<>(this.source.options()));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", name);
        params.put("source", source);
        params.put("on_error", onError.name().toLowerCase(Locale.ROOT));
        params.put("force", force);
        return params;
    }

    /** @throws InvalidRequestException when the parameters are not of that shape */
    static IngestParams parse(Map<String, Object> params) {
        for (String key : params.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidRequestException("unknown ingest parameter '" + key + "'; known: name, source, on_error, force");
            }
        }
        if (!(params.get("name") instanceof String name) || name.isBlank()) {
            throw new InvalidRequestException("the ingest parameter 'name' (the dataset name) is required");
        }
        if (!(params.get("source") instanceof Map<?, ?> source)) {
            throw new InvalidRequestException("the ingest parameter 'source' is required: {\"kind\": …, \"location\": …, \"options\": {…}}");
        }
        for (Object key : source.keySet()) {
            if (!SOURCE_KEYS.contains(String.valueOf(key))) {
                throw new InvalidRequestException("unknown source field '" + key + "'; known: kind, location, options");
            }
        }
        if (!(source.get("kind") instanceof String kind) || kind.isBlank()) {
            throw new InvalidRequestException("the source needs a 'kind', e.g. csv, parquet, postgres");
        }
        Object location = source.get("location");
        if (location != null && !(location instanceof String)) {
            throw new InvalidRequestException("the source 'location' must be a string");
        }
        Object options = source.get("options");
        if (options != null && !(options instanceof Map<?, ?>)) {
            throw new InvalidRequestException("the source 'options' must be an object");
        }
        Map<String, Object> optionMap = new LinkedHashMap<>();
        if (options instanceof Map<?, ?> map) map.forEach((k, v) -> optionMap.put(String.valueOf(k), v));
        return new IngestParams(name, new SourceSpec(kind, (String) location, optionMap),
                onError(params.get("on_error")), force(params.get("force")));
    }

    static OnError onError(Object value) {
        if (value == null) return OnError.FAIL;
        if (value instanceof OnError e) return e;
        String text = String.valueOf(value).strip().toUpperCase(Locale.ROOT);
        try {
            return OnError.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("on_error must be 'fail' or 'skip', was '" + value + "'");
        }
    }

    private static boolean force(Object value) {
        if (value == null) return false;
        if (value instanceof Boolean b) return b;
        throw new InvalidRequestException("force must be true or false, was '" + value + "'");
    }
}

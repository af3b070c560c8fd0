package org.dataanalyst.spi.connector;

import java.util.Map;

/**
 * Where data comes from, as a user specified it.
 *
 * @param kind     the source kind (e.g. {@code csv}, {@code parquet}, {@code postgres})
 * @param location a path inside the project workspace or an allowed import root, a connection string,
 *                 or {@code null} when the options say it all; may reference secrets as {@code ${secret:name}}
 * @param options  connector-specific options, JSON-compatible values, validated against the connector's schema
 */
public record SourceSpec(String kind, String location, Map<String, Object> options) {
    public SourceSpec {
        java.util.Objects.requireNonNull(kind, "kind");
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }
}

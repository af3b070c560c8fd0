package org.dataanalyst.api;

/**
 * One column of a dataset schema.
 *
 * @param name     the column name as the source gave it
 * @param type     the engine type name (DuckDB's, e.g. {@code BIGINT}, {@code VARCHAR}, {@code TIMESTAMP WITH TIME ZONE})
 * @param nullable whether the column may hold NULL
 */
public record Column(String name, String type, boolean nullable) {
    public Column {
        java.util.Objects.requireNonNull(name, "name");
        Checks.text(type, "type");
    }
}

package org.dataanalyst.spi.connector;

import java.util.List;
import java.util.Objects;

import org.dataanalyst.api.Column;

/**
 * A table or view a database source offers, for a picker.
 *
 * @param schema  the schema (namespace), or {@code null} where the source has none (SQLite)
 * @param name    the table's name
 * @param kind    {@code table} or {@code view}
 * @param columns the columns with the <em>source's</em> type names (e.g. {@code numeric(12,2)}), in order
 */
public record SourceTable(String schema, String name, String kind, List<Column> columns) {
    public SourceTable {
        Objects.requireNonNull(name, "name");
        kind = kind == null ? "table" : kind;
        columns = columns == null ? List.of() : List.copyOf(columns);
    }
}

package org.dataanalyst.api.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.dataanalyst.api.Column;

/**
 * The rows of a {@link EngineSession#query query}, all in memory.
 *
 * <p>Values are plain Java objects, {@code null} for SQL NULL:
 * <ul>
 * <li>integer types ({@code TINYINT} … {@code BIGINT}, unsigned up to {@code UINTEGER}): {@link Long};
 * {@code HUGEINT}, {@code UBIGINT}, {@code UHUGEINT} and {@code DECIMAL}: {@link java.math.BigDecimal};
 * {@code FLOAT}, {@code DOUBLE}: {@link Double}</li>
 * <li>{@code BOOLEAN}: {@link Boolean}; {@code VARCHAR}: {@link String}</li>
 * <li>{@code DATE}: {@link java.time.LocalDate}; {@code TIME}: {@link java.time.LocalTime};
 * {@code TIMESTAMP}: {@link java.time.LocalDateTime}; {@code TIMESTAMP WITH TIME ZONE}:
 * {@link java.time.OffsetDateTime}</li>
 * <li>everything else ({@code INTERVAL}, {@code UUID}, {@code BLOB}, lists, structs, maps, …): the
 * engine's text form as a {@link String}</li>
 * </ul>
 *
 * @param columns the result columns: name, engine type name (e.g. {@code BIGINT}), and nullable
 *                ({@code true} unless the engine knows the column holds no NULL)
 * @param rows    the rows; each row has one value per column, in column order
 */
public record QueryResult(List<Column> columns, List<List<Object>> rows) {

    /** Copies both lists (rows may contain {@code null} values) and checks every row's width. */
    public QueryResult {
        columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        List<List<Object>> copy = new ArrayList<>(Objects.requireNonNull(rows, "rows").size());
        for (List<Object> row : rows) {
            Objects.requireNonNull(row, "row");
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(
                        "A row has " + row.size() + " values for " + columns.size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /**
     * The single value of a one-row, one-column result, e.g. of {@code SELECT count(*) …}.
     *
     * @return the value, possibly {@code null}
     * @throws IllegalStateException when the result is not exactly one row of one column
     */
    public Object single() {
        if (rows.size() != 1 || columns.size() != 1) {
            throw new IllegalStateException(
                    "Expected one row of one column, got " + rows.size() + " rows of " + columns.size() + " columns");
        }
        return rows.get(0).get(0);
    }
}

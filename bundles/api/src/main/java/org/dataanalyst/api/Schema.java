package org.dataanalyst.api;

import java.util.List;

/**
 * The ordered columns of a dataset version.
 *
 * @param columns the columns in source order
 */
public record Schema(List<Column> columns) {
    public Schema {
        columns = Checks.list(columns);
    }
}

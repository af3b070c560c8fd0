package org.dataanalyst.engine.duckdb.internal;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.TableAppender;
import org.duckdb.DuckDBAppender;

/**
 * A {@link TableAppender} on DuckDB's appender. Each row is first checked and normalized column by
 * column (through the column's {@link ValueType}, chosen once), and only then written: a value that does
 * not fit fails before anything of its row reaches DuckDB, so the appender stays usable and the rows
 * before it are kept. A failure inside DuckDB itself leaves the appender broken; later calls fail.
 *
 * <p>The rows are appended inside one transaction of the session, begun when the appender is created and
 * committed by {@link #close} (rolled back when the appender broke): DuckDB's appender writes a chunk every
 * 2,048 rows, and outside a transaction each chunk would be a commit of its own.
 *
 * <p>DuckDB's appender is confined to the thread that created it.
 */
final class DuckDbTableAppender implements TableAppender {

    private final String table;
    private final DuckDBAppender appender;
    private final String[] names;
    private final ValueType[] types;
    private final boolean[] nullable;
    private final Object[] row;
    private final Consumer<String> transaction;
    private long rows;
    private boolean closed;
    private String broken;

    /**
     * @param transaction runs {@code COMMIT} or {@code ROLLBACK} in the session whose transaction the rows go in
     */
    DuckDbTableAppender(String table, DuckDBAppender appender, List<Column> columns, List<ValueType> types,
            Consumer<String> transaction) {
        this.table = table;
        this.transaction = Objects.requireNonNull(transaction, "transaction");
        this.appender = Objects.requireNonNull(appender, "appender");
        int n = columns.size();
        this.names = new String[n];
        this.nullable = new boolean[n];
        for (int i = 0; i < n; i++) {
            names[i] = columns.get(i).name();
            nullable[i] = columns.get(i).nullable();
        }
        this.types = types.toArray(ValueType[]::new);
        this.row = new Object[n];
    }

    @Override
    public void append(Object... values) {
        if (closed) {
            throw new EngineException("The appender of table " + table + " is closed");
        }
        if (broken != null) {
            throw new EngineException("The appender of table " + table + " failed earlier: " + broken);
        }
        long number = rows + 1;
        if (values == null || values.length != types.length) {
            throw new EngineException("Row " + number + " has " + (values == null ? 0 : values.length)
                    + " values for the " + types.length + " columns of table " + table);
        }
        for (int i = 0; i < types.length; i++) {
            Object v = values[i];
            if (v == null) {
                if (!nullable[i]) {
                    throw new EngineException("Column '" + names[i] + "', row " + number
                            + ": NULL in a column declared NOT NULL");
                }
                row[i] = null;
                continue;
            }
            try {
                row[i] = types[i].normalize(v);
            } catch (IllegalArgumentException | ClassCastException e) {
                throw new EngineException("Column '" + names[i] + "', row " + number + ": " + e.getMessage(), e);
            }
        }
        int column = 0;
        try {
            appender.beginRow();
            for (; column < types.length; column++) {
                Object v = row[column];
                if (v == null) {
                    appender.appendNull();
                } else {
                    types[column].write(appender, v);
                }
            }
            appender.endRow();
        } catch (SQLException | RuntimeException e) {
            broken = "column '" + names[Math.min(column, names.length - 1)] + "', row " + number + ": " + message(e);
            throw new EngineException("Appending to table " + table + " failed at " + broken, e);
        } finally {
            java.util.Arrays.fill(row, null);
        }
        rows = number;
    }

    @Override
    public long rowCount() {
        return rows;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean written = false;
        try {
            if (broken == null && !appender.isClosed()) {
                appender.flush(); // close() alone would swallow a failure to flush
            }
            written = broken == null;
        } catch (SQLException e) {
            throw new EngineException("Writing the rows of table " + table + " failed: " + message(e), e);
        } finally {
            try {
                appender.close();
            } catch (SQLException e) {
                // the flush above reported what matters; closing releases native memory only
            }
            if (written) {
                transaction.accept("COMMIT");
            } else {
                try {
                    transaction.accept("ROLLBACK");
                } catch (EngineException e) {
                    // the failure being reported matters more; the session's next statement starts afresh
                }
            }
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage().strip();
    }
}

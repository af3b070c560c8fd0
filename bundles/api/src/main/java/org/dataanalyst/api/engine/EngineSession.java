package org.dataanalyst.api.engine;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An SQL session of the {@link Engine}, confined to one workspace folder. Not thread-safe. Tables and
 * views created in a session live in memory and vanish when it is closed; to keep data, write it to
 * a file in the workspace ({@code COPY … TO '…/x.parquet' (FORMAT parquet)}).
 */
@ProviderType
public interface EngineSession extends AutoCloseable {

    /**
     * Runs a query and returns all of its rows in memory: meant for small results (metadata,
     * aggregates, a preview with {@code LIMIT}), not for moving data — use {@link #execute} with
     * {@code COPY} or {@code CREATE TABLE … AS} for that.
     *
     * @param sql one SQL statement that returns rows
     * @return the columns and all rows
     * @throws EngineException when the statement fails (syntax, a refused file access, out of memory…);
     *                         the message is the engine's own
     */
    QueryResult query(String sql);

    /**
     * Runs a statement that returns no rows, e.g. DDL, {@code INSERT}, {@code COPY}.
     *
     * @param sql one SQL statement
     * @return the update count the engine reports, or 0 when it reports none
     * @throws EngineException when the statement fails; the message is the engine's own
     */
    long execute(String sql);

    /**
     * Creates a table with the given columns and opens an appender on it, for moving rows from
     * another system (a database connector) into the engine in bulk.
     *
     * @param table   a new table's name (a plain identifier: letters, digits, underscores)
     * @param columns names (any text; quoted by the engine) and engine types, e.g. {@code DECIMAL(18,2)},
     *                {@code TIMESTAMP WITH TIME ZONE}, {@code VARCHAR[]}
     * @return the appender; the caller closes it
     * @throws EngineException when the table exists, a type is unknown or a name is not acceptable
     */
    TableAppender appender(String table, java.util.List<org.dataanalyst.api.Column> columns);

    /** Closes the session and releases its memory and temporary files; closing twice does nothing. */
    @Override
    void close();
}

package org.dataanalyst.spi.connector;

import java.util.List;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.api.engine.TableAppender;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link Connector} puts the data it reads; given by the platform for one ingest run. The
 * platform stages the data as Parquet when the connector returns without an exception. A connector
 * hands over the data exactly once: through {@link #fromEngineScan} or through {@link #appender}.
 */
@ProviderType
public interface IngestTarget extends SourceContext {

    /** What to do with rows the source cannot read (malformed CSV lines…). */
    enum OnError {
        /** fail the ingest, naming the file and line */
        FAIL,
        /** skip them, count them and list them in the run's {@code rejects} artifact */
        SKIP
    }

    /** @return the policy the user chose for unreadable rows */
    OnError onError();

    /**
     * Stages the result of an engine table function over the source file(s), e.g.
     * {@code read_csv('/data/imports/x.csv', header = true)}. Runs in the ingest's engine session,
     * which may read the project workspace and the allowed import roots only.
     *
     * @param tableFunctionSql an expression usable after {@code SELECT * FROM}
     */
    void fromEngineScan(String tableFunctionSql) throws Exception;

    /**
     * Opens a bulk appender for the given columns (engine types); the connector closes it once all rows
     * are appended. Values must match the types exactly (see {@link TableAppender}).
     */
    TableAppender appender(List<Column> columns) throws Exception;

    /**
     * A folder inside the project workspace for the connector's temporary files (e.g. a database
     * export streamed to CSV and then handed over with {@link #fromEngineScan}); the ingest's engine
     * session may read it. Created on first call; deleted with everything in it when the ingest ends.
     */
    java.nio.file.Path scratchDirectory() throws java.io.IOException;

    /**
     * Runs a read-only query in the ingest's engine session, e.g. {@code sniff_csv(…)} to learn a file's
     * dialect, or a look at the scan before handing it over.
     */
    QueryResult query(String sql) throws Exception;

    /**
     * Hands over the rows the source could not read under {@link OnError#SKIP}: a query in the ingest's
     * session returning one row per rejected row with the columns {@code line} (BIGINT, 1-based, or
     * NULL when unknown), {@code error} (VARCHAR) and {@code content} (VARCHAR, the raw text or NULL).
     * The platform counts them, logs the count and writes them as the run's {@code rejects} artifact.
     * Call it after {@link #fromEngineScan}.
     */
    void rejects(String selectSql) throws Exception;

    /**
     * Declares the columns the source guarantees to hold no NULL (Parquet {@code REQUIRED} fields, a
     * database's {@code NOT NULL}); every other column of an engine scan is recorded as nullable. The
     * columns of an {@link #appender} carry their own nullability.
     */
    void declareNotNull(java.util.Set<String> columns);

    /**
     * Records a piece of source metadata kept with the new version, e.g. {@code ("table", "public.orders")},
     * {@code ("server", "db.example:5432/shop")}, {@code ("query", "…")}. Never pass a secret. The platform
     * itself records the kind, the location (secrets masked), the options and, for files, their SHA-256.
     *
     * @param value a JSON-compatible value (string, number, boolean, list, map), not {@code null}
     */
    void source(String key, Object value);

    /** Records how far reading has come; {@code fraction} within [0, 1]. */
    void progress(double fraction, String message);

    /** @return whether the run was cancelled; a connector stops reading when it is */
    boolean isCancelled();
}

package org.dataanalyst.datasets.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.api.engine.TableAppender;
import org.dataanalyst.api.run.RunContext;
import org.dataanalyst.api.secret.SecretService;
import org.dataanalyst.spi.connector.IngestTarget;

/**
 * The {@link IngestTarget} of one ingest run: whatever the connector hands over is written in one pass
 * to a temporary Parquet file in the dataset's staging folder ({@code .tmp-<run>.parquet}); the run
 * type turns it into a version (or deletes it) when the connector has returned.
 */
final class StagingTarget extends ProjectSourceContext implements IngestTarget {

    /** The table an {@link #appender} fills before it is copied to Parquet. */
    static final String APPENDER_TABLE = "ingest_rows";

    /** The artifact type and file name of rejected rows. */
    static final String REJECTS_TYPE = "rejects";
    static final String REJECTS_FILE = "rejects.csv";

    /** Source metadata keys the platform sets itself; a connector cannot override them. */
    static final Set<String> RESERVED_KEYS = Set.of("kind", "location", "options", "fingerprint", "connector", "rejected_rows");

    private static final int CANCEL_CHECK_ROWS = 8192;

    private final EngineSession session;
    private final RunContext run;
    private final OnError onError;
    private final Path stagedFile;
    /** Name of the connector's scratch folder inside the run's folder. */
    static final String SCRATCH_FOLDER = "scratch";
    private Path scratch;
    private final Set<String> notNull = new LinkedHashSet<>();
    private final Map<String, Object> recorded = new LinkedHashMap<>();
    private boolean handedOver;
    private StagingAppender appender;
    private Long rejected;
    private long copyNanos;

    /**
     * @param stagedFile the temporary Parquet file to write (real path inside the workspace)
     */
    StagingTarget(String projectId, Path workspace, List<Path> importRoots, SecretService secrets,
                  SecretText.Masker masker, EngineSession session, RunContext run, OnError onError, Path stagedFile) {
        super(projectId, workspace, importRoots, secrets, masker, line -> run.log("{}", line));
        this.session = session;
        this.run = run;
        this.onError = onError;
        this.stagedFile = stagedFile;
    }

    @Override
    public OnError onError() {
        return onError;
    }

    @Override
    public void fromEngineScan(String tableFunctionSql) {
        checkNotHandedOver();
        checkCancelled();
        copy("SELECT * FROM " + tableFunctionSql);
        handedOver = true;
    }

    @Override
    public TableAppender appender(List<Column> columns) {
        checkNotHandedOver();
        if (appender != null) {
            throw new IllegalStateException("the connector opened a second appender; data is handed over exactly once");
        }
        checkCancelled();
        TableAppender delegate = session.appender(APPENDER_TABLE, columns);
        for (Column c : columns) {
            if (!c.nullable()) notNull.add(c.name());
        }
        appender = new StagingAppender(delegate);
        return appender;
    }

    @Override
    public Path scratchDirectory() throws IOException {
        if (scratch == null) {
            scratch = java.nio.file.Files.createDirectories(run.directory().toRealPath().resolve(SCRATCH_FOLDER));
        }
        return scratch;
    }

    /** Deletes the scratch folder, if the connector asked for one. */
    void deleteScratch() {
        if (scratch != null) {
            FileOps.deleteTreeQuietly(scratch);
            scratch = null;
        }
    }

    @Override
    public QueryResult query(String sql) {
        return session.query(sql);
    }

    @Override
    public void rejects(String selectSql) throws IOException {
        String select = "SELECT \"line\", \"error\", \"content\" FROM (" + selectSql + ")";
        Object count = session.query("SELECT count(*) FROM (" + select + ")").single();
        long n = count instanceof Number number ? number.longValue() : 0;
        rejected = (rejected == null ? 0 : rejected) + n;
        if (n == 0) {
            log("no rows were rejected");
            return;
        }
        Path dir = run.directory().toRealPath();
        Path tmp = dir.resolve(".tmp-" + REJECTS_FILE);
        Path file = dir.resolve(REJECTS_FILE);
        try {
            session.execute("COPY (" + select + " ORDER BY \"line\" NULLS LAST) TO " + Sql.literal(tmp.toString())
                    + " (FORMAT csv, HEADER true)");
            FileOps.fsync(tmp);
            FileOps.moveAtomically(tmp, file);
        } finally {
            FileOps.deleteQuietly(tmp);
        }
        run.addArtifact(file, REJECTS_TYPE, "text/csv");
        log("{} row(s) could not be read and were skipped (on_error=skip); they are listed in the artifact {}", n, REJECTS_FILE);
    }

    @Override
    public void declareNotNull(Set<String> columns) {
        if (columns != null) columns.forEach(c -> {
            if (c != null) notNull.add(c);
        });
    }

    @Override
    public void source(String key, Object value) {
        if (key == null || key.isBlank() || value == null) {
            throw new IllegalArgumentException("source metadata needs a key and a non-null value");
        }
        if (RESERVED_KEYS.contains(key)) {
            log("source metadata '{}' is recorded by the platform itself; the connector's value is ignored", key);
            return;
        }
        checkJson(key, value);
        recorded.put(key, masker().mask(value));
    }

    @Override
    public void progress(double fraction, String message) {
        double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        run.progress(IngestJob.READ_START + (IngestJob.READ_END - IngestJob.READ_START) * f, masker().mask(message));
    }

    @Override
    public boolean isCancelled() {
        return run.isCancelled();
    }

    // --- for the run type ---

    /**
     * Ends the hand-over: closes an appender the connector left open.
     *
     * @throws IllegalStateException when the connector handed over nothing
     */
    void finish() {
        if (appender != null && !appender.closed) {
            appender.close();
        }
        if (!handedOver) {
            throw new IllegalStateException("the connector returned without handing over any data "
                    + "(neither an engine scan nor an appender)");
        }
        if (!Files.exists(stagedFile)) {
            throw new IllegalStateException("the engine wrote no staged file");
        }
    }

    /** @return the columns declared not null (by the connector, or by appender columns) */
    Set<String> notNull() {
        return notNull;
    }

    /** @return the source metadata the connector recorded */
    Map<String, Object> recorded() {
        return recorded;
    }

    /** @return the rejected rows the connector reported, or {@code null} when it reported none */
    Long rejected() {
        return rejected;
    }

    /** @return the nanoseconds the engine spent copying rows into the staged file */
    long copyNanos() {
        return copyNanos;
    }

    /**
     * Writes the staged file: DuckDB's Parquet defaults (Snappy, row groups of 122,880 rows), in the order of
     * the rows (the session preserves insertion order).
     */
    private void copy(String select) {
        long start = System.nanoTime();
        try {
            session.execute("COPY (" + select + ") TO " + Sql.literal(stagedFile.toString()) + " (FORMAT parquet)");
        } finally {
            copyNanos += System.nanoTime() - start;
        }
    }

    private void checkNotHandedOver() {
        if (handedOver || appender != null) {
            throw new IllegalStateException("the connector handed data over twice; use either fromEngineScan or appender, once");
        }
    }

    private void checkCancelled() {
        if (run.isCancelled()) throw new CancellationException("cancelled");
    }

    private static void checkJson(String key, Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) return;
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (v != null) checkJson(key, v);
            });
            return;
        }
        if (value instanceof Collection<?> list) {
            list.forEach(v -> {
                if (v != null) checkJson(key, v);
            });
            return;
        }
        throw new IllegalArgumentException("source metadata '" + key + "' must be a JSON value (string, number, boolean, "
                + "list or map), not " + value.getClass().getName());
    }

    /** The connector's appender; closing it copies the rows into the staged Parquet file. */
    private final class StagingAppender implements TableAppender {
        private final TableAppender delegate;
        private boolean closed;

        StagingAppender(TableAppender delegate) {
            this.delegate = delegate;
        }

        @Override
        public void append(Object... values) {
            delegate.append(values);
            if (delegate.rowCount() % CANCEL_CHECK_ROWS == 0) checkCancelled();
        }

        @Override
        public long rowCount() {
            return delegate.rowCount();
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            delegate.close();
            checkCancelled();
            copy("SELECT * FROM " + APPENDER_TABLE);
            session.execute("DROP TABLE " + APPENDER_TABLE);
            handedOver = true;
        }
    }
}

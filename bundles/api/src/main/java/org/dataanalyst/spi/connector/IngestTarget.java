package org.dataanalyst.spi.connector;

import java.nio.file.Path;
import java.util.List;

import org.dataanalyst.api.Column;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link Connector} puts the data it reads; given by the platform for one ingest run. A
 * connector uses exactly one of {@link #fromEngineScan} and {@link #appender}.
 */
@ProviderType
public interface IngestTarget {

    /**
     * Resolves a location from the source spec to a readable file, inside the project workspace or an
     * allowed import root.
     *
     * @throws org.dataanalyst.api.InvalidRequestException when it lies outside them
     */
    Path resolveFile(String location);

    /** @return the value of a project secret, for connecting; never log it */
    String secret(String name);

    /**
     * Stages the result of an engine table function, e.g. {@code read_csv('/p/raw/x.csv', header = true)}.
     * The engine may read only the file(s) the expression names.
     */
    void fromEngineScan(String tableFunctionSql) throws Exception;

    /** Opens a row appender for the given columns (engine types); rows must match them exactly. */
    RowAppender appender(List<Column> columns) throws Exception;

    /** Appends a line to the run's log. */
    void log(String message, Object... args);

    /** Records how far reading has come. */
    void progress(double fraction, String message);

    /** @return whether the run was cancelled; a connector stops reading when it is */
    boolean isCancelled();

    /** Receives rows from a database connector, in bulk. */
    @ProviderType
    interface RowAppender extends AutoCloseable {
        /** Appends one row; values in column order, Java types matching the declared engine types. */
        void append(Object... values) throws Exception;

        /** Finishes the data; rows become staged only when the ingest run succeeds. */
        @Override
        void close() throws Exception;
    }
}

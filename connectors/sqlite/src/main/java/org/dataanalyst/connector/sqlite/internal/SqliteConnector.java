package org.dataanalyst.connector.sqlite.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.spi.connector.Connector;
import org.dataanalyst.spi.connector.ConnectorKind;
import org.dataanalyst.spi.connector.IngestTarget;
import org.dataanalyst.spi.connector.SourceContext;
import org.dataanalyst.spi.connector.SourceSpec;
import org.dataanalyst.spi.connector.SourceTable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Reads a table or a read-only query of a SQLite database file into the engine. A plain table is read
 * straight from the file ({@link SqlitePages}) under SQLite's read lock; views, queries and tables that need
 * SQLite itself go through JDBC (the file opened read-only). The values, read as their columns' engine types
 * ({@link SqliteTypes}), are written to a CSV file in the run's scratch folder ({@link SqliteCsv}) that the
 * engine's CSV reader stages. See {@link SqliteReader} for the reading itself.
 */
@Component(service = Connector.class)
@ConnectorKind(kind = "sqlite")
public final class SqliteConnector implements Connector {

    private static final Descriptor DESCRIPTOR = new Descriptor("sqlite", "SQLite",
            "Reads a table or a read-only SELECT from a SQLite database file, opened read-only.",
            SqliteSpec.optionsSchema());

    /** DS activation; the connector has no configuration. */
    @Activate
    public SqliteConnector() {
        // nothing to set up: the file is opened per read
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void validate(SourceSpec source) {
        SqliteSpec.of(source, false);
    }

    @Override
    public void read(SourceSpec source, IngestTarget target) throws Exception {
        SqliteSpec spec = SqliteSpec.of(source, false);
        Path file = target.resolveFile(spec.file());
        Instant readAt = Instant.now();
        try (Connection connection = SqliteFile.open(file, spec.file())) {
            SqliteReader reader = new SqliteReader(connection, spec.file(), spec.unixTime(), file);
            target.source("file", spec.file());
            target.source("read_at", readAt.toString());
            SqliteReader.Read read;
            if (spec.table() != null) {
                SqliteReader.Relation relation = reader.relation(spec.table());
                target.source("table", relation.name());
                read = reader.openTable(relation, spec.types());
                target.log("Reading {} {} of {} ({} rows) {}", relation.kind(), relation.name(), spec.file(),
                        read.expectedRows() < 0 ? "an unknown number of" : read.expectedRows(), read.how());
            } else {
                target.source("query", spec.query());
                read = reader.openQuery(spec.query(), spec.types());
                target.log("Running a read-only query on {} {}", spec.file(), read.how());
            }
            long expected = read.expectedRows();
            long rows;
            Path csvFile = target.scratchDirectory().resolve("sqlite-" + UUID.randomUUID() + ".csv");
            SqliteCsv.Written written = null;
            try {
                try (read) {
                    written = read.copyTo(csvFile, target.onError(), line -> target.log("{}", line), target::isCancelled,
                            n -> target.progress(expected > 0 ? Math.min(0.99, (double) n / expected) : 0, n + " rows read"));
                }
                rows = written.rows();
                Set<String> notNull = new LinkedHashSet<>();
                for (Column c : read.columns()) {
                    if (!c.nullable()) {
                        notNull.add(c.name());
                    }
                }
                target.declareNotNull(notNull);
                try {
                    target.fromEngineScan(written.scanSql());
                } catch (EngineException e) {
                    String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
                    throw new InvalidRequestException("reading " + read.what() + " of " + spec.file()
                            + " failed in the engine: " + message.lines().findFirst().orElse(message));
                }
            } finally {
                Files.deleteIfExists(csvFile);
                if (written != null) {
                    for (Path part : written.files()) {
                        Files.deleteIfExists(part);
                    }
                }
            }
            if (read.skipped() > 0) {
                target.source("skipped_rows", read.skipped());
            }
            target.progress(1, rows + " rows read");
            target.log("Read {} rows ({} columns) from {}", rows, read.columns().size(), spec.file());
        }
    }

    @Override
    public List<SourceTable> tables(SourceSpec source, SourceContext context) throws SQLException {
        SqliteSpec spec = SqliteSpec.of(source, true);
        Path file = context.resolveFile(spec.file());
        try (Connection connection = SqliteFile.open(file, spec.file())) {
            return new SqliteReader(connection, spec.file(), spec.unixTime()).tables();
        }
    }
}

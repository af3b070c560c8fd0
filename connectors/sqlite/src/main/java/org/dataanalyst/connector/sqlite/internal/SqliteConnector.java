package org.dataanalyst.connector.sqlite.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.engine.TableAppender;
import org.dataanalyst.spi.connector.Connector;
import org.dataanalyst.spi.connector.ConnectorKind;
import org.dataanalyst.spi.connector.IngestTarget;
import org.dataanalyst.spi.connector.SourceContext;
import org.dataanalyst.spi.connector.SourceSpec;
import org.dataanalyst.spi.connector.SourceTable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Reads a table or a read-only query of a SQLite database file into the engine through JDBC (the file
 * opened read-only) and the engine's appender. See {@link SqliteTypes} for how declared types map and
 * what happens to a value that does not fit, {@link SqliteReader} for the reading itself.
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
            SqliteReader reader = new SqliteReader(connection, spec.file(), spec.unixTime());
            target.source("file", spec.file());
            target.source("read_at", readAt.toString());
            SqliteReader.Read read;
            if (spec.table() != null) {
                SqliteReader.Relation relation = reader.relation(spec.table());
                target.source("table", relation.name());
                read = reader.openTable(relation, spec.types());
                target.log("Reading {} {} of {} ({} rows)", relation.kind(), relation.name(), spec.file(),
                        read.expectedRows() < 0 ? "an unknown number of" : read.expectedRows());
            } else {
                target.source("query", spec.query());
                read = reader.openQuery(spec.query(), spec.types());
                target.log("Running a read-only query on {}", spec.file());
            }
            long expected = read.expectedRows();
            long rows;
            try (read; TableAppender appender = target.appender(read.columns())) {
                rows = read.copyTo(appender, target.onError(), line -> target.log("{}", line), target::isCancelled,
                        n -> target.progress(expected > 0 ? Math.min(0.99, (double) n / expected) : 0, n + " rows read"));
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

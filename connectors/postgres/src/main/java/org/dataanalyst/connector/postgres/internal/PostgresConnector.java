package org.dataanalyst.connector.postgres.internal;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a PostgreSQL table or a read-only query into the engine through JDBC and the engine's appender
 * (fetch size set, autocommit off: rows stream, they are never all in memory). See {@link PgSource} for
 * locations and secrets, {@link PgTypes} for the type mapping, {@link PgReader} for the reading itself.
 */
@Component(service = Connector.class)
@ConnectorKind(kind = "postgres")
public final class PostgresConnector implements Connector {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresConnector.class);

    private static final Descriptor DESCRIPTOR = new Descriptor("postgres", "PostgreSQL",
            "Reads a table or a read-only SELECT from a PostgreSQL database given as jdbc:postgresql://host:5432/db "
                    + "or postgresql://user@host:5432/db.",
            PgSpec.optionsSchema());

    /** DS activation; the connector has no configuration. */
    @Activate
    public PostgresConnector() {
        // nothing to set up: a connection is made per read
    }

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void validate(SourceSpec source) {
        PgSpec.of(source, false);
    }

    @Override
    public void read(SourceSpec source, IngestTarget target) throws Exception {
        PgSpec spec = PgSpec.of(source, false);
        String server = spec.source().server();
        Instant readAt = Instant.now();
        try (Connection connection = spec.source().connect(target::resolveSecrets, spec.connectTimeoutSeconds())) {
            PgReader reader = new PgReader(connection, server);
            String version = reader.serverVersion();
            target.source("server", server);
            target.source("server_version", version);
            target.source("read_at", readAt.toString());
            long estimate;
            PgReader.Read read;
            if (spec.table() != null) {
                PgReader.Relation relation = reader.relation(spec.table());
                target.source("table", relation.qualifiedName());
                estimate = relation.estimatedRows();
                target.log("Reading {} {} from PostgreSQL {} at {} (about {} rows)", relation.kind(),
                        relation.qualifiedName(), version, server, estimate < 0 ? "an unknown number of" : estimate);
                read = reader.openTable(relation, spec.fetchSize());
            } else {
                target.source("query", spec.query());
                estimate = -1;
                target.log("Running a read-only query on PostgreSQL {} at {}", version, server);
                read = reader.openQuery(spec.query(), spec.fetchSize());
            }
            LOG.debug("postgres read from {}: {} columns", server, read.columns().size());
            long rows;
            try (read; TableAppender appender = target.appender(read.columns())) {
                rows = read.copyTo(appender, target::isCancelled, n -> target.progress(
                        estimate > 0 ? Math.min(0.99, (double) n / estimate) : 0, n + " rows read"));
            }
            target.progress(1, rows + " rows read");
            target.log("Read {} rows ({} columns) from {}", rows, read.columns().size(), server);
        }
    }

    @Override
    public List<SourceTable> tables(SourceSpec source, SourceContext context) throws SQLException {
        PgSpec spec = PgSpec.of(source, true);
        try (Connection connection = spec.source().connect(context::resolveSecrets, spec.connectTimeoutSeconds())) {
            return new PgReader(connection, spec.source().server()).tables();
        }
    }
}

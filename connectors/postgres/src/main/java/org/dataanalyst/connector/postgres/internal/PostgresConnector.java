package org.dataanalyst.connector.postgres.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.engine.EngineException;
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
 * Reads a PostgreSQL table or a read-only query into the engine: by {@code COPY … TO STDOUT (FORMAT csv)}
 * into a scratch file that the engine's CSV reader stages, or, when a column cannot travel as CSV text
 * (arrays), through JDBC and the engine's appender (fetch size set, autocommit off). Rows are never all in
 * memory either way. See {@link PgSource} for locations and secrets, {@link PgTypes} for the type mapping,
 * {@link PgReader} for the reading itself.
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
            PgReader.Source what;
            if (spec.table() != null) {
                PgReader.Relation relation = reader.relation(spec.table());
                target.source("table", relation.qualifiedName());
                estimate = relation.estimatedRows();
                target.log("Reading {} {} from PostgreSQL {} at {} (about {} rows)", relation.kind(),
                        relation.qualifiedName(), version, server, estimate < 0 ? "an unknown number of" : estimate);
                what = reader.table(relation);
            } else {
                target.source("query", spec.query());
                estimate = -1;
                target.log("Running a read-only query on PostgreSQL {} at {}", version, server);
                what = reader.query(spec.query());
            }
            LongConsumer progress = n -> target.progress(estimate > 0 ? Math.min(0.99, (double) n / estimate) : 0,
                    n + " rows read");
            PgReader.Shape shape = reader.describe(what);
            long rows;
            if (shape.notCopyable() == null) {
                rows = readByCopy(reader, what, shape, target, progress,
                        () -> spec.source().connect(target::resolveSecrets, spec.connectTimeoutSeconds()));
            } else {
                target.log("Reading through JDBC into the engine's appender: {}", shape.notCopyable());
                LOG.debug("postgres read from {} through JDBC: {}", server, shape.notCopyable());
                try (PgReader.Read read = reader.open(what, spec.fetchSize());
                     TableAppender appender = target.appender(read.columns())) {
                    rows = read.copyTo(appender, target::isCancelled, progress);
                }
            }
            target.progress(1, rows + " rows read");
            target.log("Read {} rows ({} columns) from {}", rows, shape.columns().size(), server);
        }
    }

    /** COPY into a CSV file in the scratch folder, then the engine's scan of it. */
    private static long readByCopy(PgReader reader, PgReader.Source what, PgReader.Shape shape, IngestTarget target,
            LongConsumer progress, Supplier<Connection> more) throws Exception {
        target.log("Reading through COPY … TO STDOUT (CSV) into a scratch file, then the engine's CSV reader");
        Path file = target.scratchDirectory().resolve("postgres-" + UUID.randomUUID() + ".csv");
        Path second = file.resolveSibling(file.getFileName() + ".part2.csv");
        try {
            long start = System.nanoTime();
            PgReader.CsvExport export = reader.copyToCsv(what, shape, file, more, target::isCancelled, progress);
            long bytes = 0;
            for (Path part : export.files()) {
                bytes += Files.size(part);
            }
            target.log("COPY wrote {} rows ({} bytes{}) in {} s", export.rows(), bytes,
                    export.files().size() > 1 ? ", two halves of the table at once" : "",
                    String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9));
            Set<String> notNull = new LinkedHashSet<>();
            for (Column c : shape.columns()) {
                if (!c.nullable()) {
                    notNull.add(c.name());
                }
            }
            target.declareNotNull(notNull);
            try {
                target.fromEngineScan(PgReader.scanSql(shape, export));
            } catch (EngineException e) {
                throw reader.scanFailure(what, shape, e);
            }
            return export.rows();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(second);
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

package org.dataanalyst.datasets.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.engine.TableAppender;
import org.dataanalyst.spi.connector.Connector;
import org.dataanalyst.spi.connector.IngestTarget;
import org.dataanalyst.spi.connector.SourceContext;
import org.dataanalyst.spi.connector.SourceSpec;
import org.dataanalyst.spi.connector.SourceTable;

/**
 * A test plugin standing for a database connector (what a third-party bundle would contribute, not a
 * double of platform code): it "connects" to its location, resolving secrets, and streams generated rows
 * through the appender. Options: {@code rows} (count), {@code offset} (first id), {@code fail} (a
 * message to fail with), {@code block} (wait until cancelled), {@code password}.
 *
 * <p>It is careless on purpose: it logs the resolved connection string and password, and puts the
 * resolved URL into its failure message — the platform must mask them.
 */
final class SequenceConnector implements Connector {

    /** Counted down when a blocking read has started. */
    final CountDownLatch blocking = new CountDownLatch(1);

    @Override
    public Descriptor descriptor() {
        return new Descriptor("sequence", "Sequence", "Generated rows (a stand-in for a database)",
                Map.of("type", "object", "properties", Map.of("rows", Map.of("type", "integer"))));
    }

    @Override
    public void validate(SourceSpec source) {
        Object rows = source.options().get("rows");
        if (rows != null && !(rows instanceof Number)) {
            throw new InvalidRequestException("option rows must be a number, was '" + rows + "'");
        }
    }

    @Override
    public void read(SourceSpec source, IngestTarget target) throws Exception {
        String url = target.resolveSecrets(source.location() == null ? "" : source.location());
        Object password = source.options().get("password");
        String resolvedPassword = password == null ? "" : target.resolveSecrets(String.valueOf(password));
        target.log("connecting to {} with password {}", url, resolvedPassword);
        Map<String, Object> options = source.options();
        if (options.get("fail") != null) {
            throw new IllegalStateException("server seq.example refused the query: " + options.get("fail") + " (url " + url + ")");
        }
        if (Boolean.TRUE.equals(options.get("block"))) {
            blocking.countDown();
            while (!target.isCancelled()) {
                Thread.onSpinWait();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    throw new InterruptedException("cancelled while waiting for seq.example");
                }
            }
            throw new InterruptedException("cancelled while reading from seq.example");
        }
        long rows = options.get("rows") instanceof Number n ? n.longValue() : 3;
        long offset = options.get("offset") instanceof Number n ? n.longValue() : 1;
        try (TableAppender appender = target.appender(List.of(new Column("id", "BIGINT", false),
                new Column("label", "VARCHAR", true)))) {
            for (long i = 0; i < rows; i++) {
                long id = offset + i;
                appender.append(id, id % 5 == 0 ? null : "row " + id);
                if (i % 1000 == 0) target.progress((double) i / rows, "row " + i);
            }
        }
        target.source("server", "seq.example");
        target.source("kind", "not-allowed");
    }

    @Override
    public List<SourceTable> tables(SourceSpec source, SourceContext context) throws Exception {
        String url = context.resolveSecrets(source.location() == null ? "" : source.location());
        if (Boolean.TRUE.equals(source.options().get("unreachable"))) {
            throw new java.net.ConnectException("seq.example:5432 refused the connection (" + url + ")");
        }
        return List.of(new SourceTable("public", "numbers", "table",
                List.of(new Column("id", "bigint", false), new Column("label", "text", true))));
    }
}

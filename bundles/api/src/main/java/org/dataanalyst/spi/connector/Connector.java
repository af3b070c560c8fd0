package org.dataanalyst.spi.connector;

import java.util.List;

import org.dataanalyst.api.Descriptor;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reads one kind of source into the engine. Registered as a service with the property
 * {@value #KIND_PROPERTY} (use {@link ConnectorKind}).
 *
 * <p>The spec's location and string options arrive as the user gave them: a connector resolves
 * {@code ${secret:name}} references through {@link SourceContext#resolveSecrets} where it connects, and
 * never logs or reports the resolved text.
 */
@ConsumerType
public interface Connector {

    /** Service property listing the source kinds this connector handles. */
    String KIND_PROPERTY = "analyst.connector.kind";

    /** @return the connector's name, title, description and options schema (JSON Schema) */
    Descriptor descriptor();

    /**
     * Checks a source spec before anything is queued: options of the right types, a location present.
     * The default accepts everything.
     *
     * @throws org.dataanalyst.api.InvalidRequestException to refuse it (HTTP 400)
     */
    default void validate(SourceSpec source) {
    }

    /**
     * Reads the source into the target.
     *
     * @throws Exception to fail the ingest; the message (without secrets) becomes the run's reason, so
     *                   it names the file and line, or the server, and says what is wrong
     */
    void read(SourceSpec source, IngestTarget target) throws Exception;

    /**
     * Lists the tables and views of a database source with their columns, for a picker. File connectors
     * keep the default, which refuses.
     *
     * @throws UnsupportedOperationException when the source kind has no tables
     * @throws Exception                     when the source cannot be reached; the message says why, without secrets
     */
    default List<SourceTable> tables(SourceSpec source, SourceContext context) throws Exception {
        throw new UnsupportedOperationException("a " + source.kind() + " source has no tables to list");
    }
}

package org.dataanalyst.spi.connector;

import org.dataanalyst.api.Descriptor;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reads one kind of source into the engine. Registered as a service with the property
 * {@value #KIND_PROPERTY} (use {@link ConnectorKind}).
 */
@ConsumerType
public interface Connector {

    /** Service property listing the source kinds this connector handles. */
    String KIND_PROPERTY = "analyst.connector.kind";

    /** @return the connector's name, title, description and options schema */
    Descriptor descriptor();

    /**
     * Reads the source into the target.
     *
     * @throws Exception to fail the ingest; the message (without secrets) becomes the run's reason
     */
    void read(SourceSpec source, IngestTarget target) throws Exception;
}

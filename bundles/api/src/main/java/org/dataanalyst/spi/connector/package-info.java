/**
 * Connector SPI: a connector brings data from one kind of source (a file format, a database) into the analytic engine. Connectors are DS components implementing {@link org.dataanalyst.spi.connector.Connector}, named with {@link org.dataanalyst.spi.connector.ConnectorKind}.
 */
@Version("1.0.0")
@Export
package org.dataanalyst.spi.connector;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * Reporter SPI: a reporter renders a report document (Markdown with embedded images) into one output format.
 */
@Version("1.0.0")
@Export
package org.dataanalyst.spi.reporter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * Analyzer SPI: an analyzer computes derived results (statistics, correlations, plots) over a staged dataset version through read-only SQL and writes them as artifacts.
 */
@Version("1.0.0")
@Export
package org.dataanalyst.spi.analyzer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

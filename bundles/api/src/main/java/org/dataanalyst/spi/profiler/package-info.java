/**
 * Profiler SPI: a profiler declares metrics as SQL aggregate expressions, which the platform fuses
 * with every other profiler's into as few scans as possible (in rounds, so later metrics can depend
 * on earlier values), plus mergeable accumulators fed by one shared scan for what SQL cannot express;
 * it then interprets the values into its section of the profile, with alerts and checks.
 */
@Version("1.1.0")
@Export
package org.dataanalyst.spi.profiler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * Profiler SPI: a profiler declares metrics as SQL aggregate expressions, which the platform fuses with every other profiler's into as few scans as possible, and then interprets their values into its section of the profile.
 */
@Version("1.0.0")
@Export
package org.dataanalyst.spi.profiler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * The run engine: submitting, tracking, cancelling and reading runs, and the {@link org.dataanalyst.api.run.RunType} SPI through which bundles add run types.
 */
@Version("1.0.0")
@Export
package org.dataanalyst.api.run;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

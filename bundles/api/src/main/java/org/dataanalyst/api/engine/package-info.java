/**
 * The analytic engine: SQL sessions confined to one project's workspace folder.
 *
 * <p>Only the platform implements {@link org.dataanalyst.api.engine.Engine}; bundles use it to read
 * source files, stage data as Parquet and compute profiles and analyses in SQL.
 */
@Version("1.0.0")
@Export
package org.dataanalyst.api.engine;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

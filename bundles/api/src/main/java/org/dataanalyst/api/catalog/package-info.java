/**
 * The catalog: persistence of the model (projects, datasets, versions, runs, artifacts, tokens). Only the platform implements it; other platform bundles use it, plugins should use the higher-level services instead.
 */
@Version("1.1.0")
@Export
package org.dataanalyst.api.catalog;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

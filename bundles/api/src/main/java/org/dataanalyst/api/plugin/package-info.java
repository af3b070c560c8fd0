/**
 * Plugin bundles: listing, installing and uninstalling the bundles that extend the running platform.
 */
@Version("1.1.0")
@Export
package org.dataanalyst.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * Project secrets: values (database passwords…) stored encrypted in the project's workspace and
 * referenced as {@code ${secret:name}}; listed by name, never returned.
 */
@Version("1.0.0")
@Export
package org.dataanalyst.api.secret;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

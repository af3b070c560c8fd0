/**
 * API tokens: issuing, listing, revoking and checking bearer tokens. Tokens are stored hashed.
 */
@Version("1.0.0")
@Export
package org.dataanalyst.api.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

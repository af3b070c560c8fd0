/**
 * The data-analyst domain model: projects, datasets and their versions, runs with their status and
 * progress, artifacts, tokens, and the platform's error types.
 *
 * <p>Every model type is an immutable record that validates in its compact constructor. The error
 * types ({@link org.dataanalyst.api.AnalystException} and its subclasses) are what platform services
 * throw for a request they refuse; the REST layer turns each into an RFC 9457 problem.
 */
@Version("1.0.0")
@Export
package org.dataanalyst.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * Datasets: bringing data into a project through connectors (ingest runs), their versions, schema
 * snapshots and drift, and the connectors that are running.
 */
@Version("1.1.0")
@Export
package org.dataanalyst.api.dataset;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

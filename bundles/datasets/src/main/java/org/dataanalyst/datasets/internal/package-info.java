/**
 * Datasets: the {@link org.dataanalyst.api.dataset.DatasetService} (ingest requests, uploads, the
 * dataset catalog, previews, drift) and the {@code ingest} run type that reads a source through a
 * connector into the engine and stages it as a new Parquet version. Private to this bundle.
 */
package org.dataanalyst.datasets.internal;

/**
 * The quality profiler: dataset-level metrics (rows, missing cells), exact duplicate rows through one grouped
 * query (row hashes first, values only for the rows whose hash repeats), declared rule checks compiled to
 * violation counts, schema drift, alerts and pass/warn/fail checks. Private to this bundle.
 */
package org.dataanalyst.profiler.quality.internal;

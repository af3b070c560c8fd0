/**
 * The quality profiler: dataset-level metrics (rows, missing cells, duplicate rows through row hashes and an
 * exact distinct count only when needed), declared rule checks compiled to violation counts, schema drift,
 * alerts and pass/warn/fail checks. Private to this bundle.
 */
package org.dataanalyst.profiler.quality.internal;

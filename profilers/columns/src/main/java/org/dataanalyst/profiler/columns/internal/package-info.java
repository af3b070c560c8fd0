/**
 * The column profiler: metrics as SQL aggregates in rounds (cheap fused scan first, then what needs its
 * values), a monotonicity accumulator, and the interpretation into the {@code columns} section with
 * alerts. Private to this bundle.
 */
package org.dataanalyst.profiler.columns.internal;

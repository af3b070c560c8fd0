/**
 * The {@code profile} run type: gathers the running profilers, fuses their metrics into as few scans
 * as possible (in rounds), feeds their accumulators from one shared scan, isolates each profiler's
 * failures, and writes {@code profile.json} and a self-contained {@code profile.html}.
 */
package org.dataanalyst.profiling.internal;

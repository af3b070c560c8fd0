/**
 * The run engine: a bounded worker pool executing {@link org.dataanalyst.api.run.RunType} services, with
 * persistent status and progress in the catalog, a live log and registered artifacts per run in the
 * project workspace ({@code runs/<run-id>/}), cancellation, idempotent submission and recovery after a
 * restart. Also the built-in {@code check} run type. Private to this bundle.
 */
package org.dataanalyst.runs.internal;

/**
 * The file connectors: CSV/TSV, Parquet and JSON/NDJSON files read by the engine's own table functions
 * ({@code read_csv}, {@code read_parquet}, {@code read_json}). Each connector is a thin shell over a
 * planner that inspects the file through SQL (dialect sniffing, header and schema checks) and produces
 * the one scan expression handed to the platform. Private to this bundle.
 */
package org.dataanalyst.connector.files.internal;

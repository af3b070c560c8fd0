package org.dataanalyst.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable, staged version of a dataset, produced by a successful ingest run.
 *
 * @param id        stable identifier
 * @param datasetId the dataset
 * @param number    1, 2, 3… in order of creation
 * @param rowCount  rows in the staged data
 * @param sizeBytes bytes of the staged data
 * @param schema    the schema snapshot
 * @param source    source metadata (connector, location without secrets, options, fingerprint)
 * @param runId     the ingest run that produced it
 * @param createdAt creation time
 * @param drift     how the schema differs from the previous version's, or {@code null} for the first version
 */
public record DatasetVersion(String id, String datasetId, int number, long rowCount, long sizeBytes,
                             Schema schema, Map<String, Object> source, String runId, Instant createdAt,
                             SchemaDrift drift) {
    public DatasetVersion {
        Checks.text(id, "id");
        Checks.text(datasetId, "datasetId");
        if (number < 1) throw new IllegalArgumentException("number must be >= 1");
        Objects.requireNonNull(schema, "schema");
        source = Checks.map(source);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A version without drift information (the first version of a dataset). */
    public DatasetVersion(String id, String datasetId, int number, long rowCount, long sizeBytes, Schema schema,
                          Map<String, Object> source, String runId, Instant createdAt) {
        this(id, datasetId, number, rowCount, sizeBytes, schema, source, runId, createdAt, null);
    }
}

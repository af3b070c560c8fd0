package org.dataanalyst.api.dataset;

import java.util.Objects;

import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.Run;

/**
 * The answer to {@link DatasetService#ingest}.
 *
 * @param dataset        the dataset, new or existing
 * @param run            the queued {@code ingest} run
 * @param datasetCreated whether this request created the dataset
 */
public record Ingestion(Dataset dataset, Run run, boolean datasetCreated) {
    public Ingestion {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(run, "run");
    }
}

package org.dataanalyst.api.run;

import java.util.Map;

/**
 * What a client asks the run engine to do.
 *
 * @param type             the run type, one of {@link RunService#types()}
 * @param datasetId        the dataset to work on, or {@code null}
 * @param datasetVersionId the dataset version, or {@code null} for the latest (resolved by the run type)
 * @param params           parameters, JSON-compatible values
 * @param force            run again even if an equal run already succeeded
 */
public record RunRequest(String type, String datasetId, String datasetVersionId, Map<String, Object> params,
                         boolean force) {
    public RunRequest {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }
}

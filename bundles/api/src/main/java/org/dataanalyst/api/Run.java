package org.dataanalyst.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A tracked, reproducible operation on a project's data.
 *
 * @param id               stable identifier
 * @param projectId        the project
 * @param type             the run type (e.g. {@code ingest}, {@code profile})
 * @param datasetId        the dataset it works on, or {@code null}
 * @param datasetVersionId the dataset version it works on, or {@code null}
 * @param params           the parameters as JSON-compatible values (maps, lists, strings, numbers, booleans)
 * @param idempotencyKey   hash of (type, dataset version, parameters): equal keys mean the same work
 * @param status           where it is in its life cycle
 * @param progress         how far it has come
 * @param reason           why it failed or was cancelled ({@code interrupted} when the process died), else {@code null}
 * @param createdAt        when it was submitted
 * @param startedAt        when a worker took it, or {@code null}
 * @param finishedAt       when it ended, or {@code null}
 */
public record Run(String id, String projectId, String type, String datasetId, String datasetVersionId,
                  Map<String, Object> params, String idempotencyKey, RunStatus status, Progress progress,
                  String reason, Instant createdAt, Instant startedAt, Instant finishedAt) {

    /** The {@link #reason()} of a run that was running when the process stopped. */
    public static final String REASON_INTERRUPTED = "interrupted";

    public Run {
        Checks.text(id, "id");
        Checks.text(projectId, "projectId");
        Checks.text(type, "type");
        params = Checks.map(params);
        Objects.requireNonNull(status, "status");
        progress = progress == null ? Progress.NONE : progress;
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** @return a copy with another status, progress, reason and start/finish times */
    public Run with(RunStatus newStatus, Progress newProgress, String newReason, Instant newStartedAt, Instant newFinishedAt) {
        return new Run(id, projectId, type, datasetId, datasetVersionId, params, idempotencyKey, newStatus, newProgress,
                newReason, createdAt, newStartedAt, newFinishedAt);
    }
}

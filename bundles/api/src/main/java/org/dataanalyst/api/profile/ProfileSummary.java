package org.dataanalyst.api.profile;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.dataanalyst.api.RunStatus;

/**
 * How the latest finished profile run of a dataset ended: what a dataset shows of its profile.
 *
 * @param datasetId  the dataset
 * @param runId      the profile run
 * @param status     {@link RunStatus#SUCCEEDED} or {@link RunStatus#FAILED}
 * @param version    the number of the profiled version, or {@code null} when the run failed before knowing it
 * @param alerts     alert counts by severity ({@code info}, {@code warning}); empty for a failed run
 * @param checks     check counts by status ({@code pass}, {@code warn}, {@code fail}); empty for a failed run
 * @param failures   profiler sections that failed (a failed section does not fail the run)
 * @param finishedAt when the run ended
 * @param reason     why the run failed, or {@code null}
 */
public record ProfileSummary(String datasetId, String runId, RunStatus status, Integer version,
                             Map<String, Integer> alerts, Map<String, Integer> checks, int failures,
                             Instant finishedAt, String reason) {
    public ProfileSummary {
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(finishedAt, "finishedAt");
        alerts = alerts == null ? Map.of() : Map.copyOf(alerts);
        checks = checks == null ? Map.of() : Map.copyOf(checks);
    }
}

package org.dataanalyst.api.dataset;

import java.time.Instant;

import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.profile.ProfileSummary;

/**
 * One line of a project's dataset catalog.
 *
 * @param id               the dataset's id
 * @param projectId        the project
 * @param name             the dataset's name
 * @param createdAt        when the dataset was created
 * @param versionCount     how many versions it has
 * @param latestVersion    the latest version's number, or {@code null} before the first successful ingest
 * @param rowCount         rows of the latest version, or {@code null}
 * @param columnCount      columns of the latest version, or {@code null}
 * @param sizeBytes        staged bytes of the latest version, or {@code null}
 * @param lastIngestRunId  the newest ingest run of this dataset, or {@code null}
 * @param lastIngestStatus its status, or {@code null}
 * @param driftWarning     whether the latest version's schema drift is breaking
 * @param updatedAt        when the latest version was created, or {@code createdAt}
 * @param profile          how its latest finished profile ended (status, alert and check counts), or {@code null}
 */
public record DatasetSummary(String id, String projectId, String name, Instant createdAt, int versionCount,
                             Integer latestVersion, Long rowCount, Integer columnCount, Long sizeBytes,
                             String lastIngestRunId, RunStatus lastIngestStatus, boolean driftWarning,
                             Instant updatedAt, ProfileSummary profile) {
}

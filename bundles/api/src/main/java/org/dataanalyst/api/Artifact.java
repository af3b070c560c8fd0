package org.dataanalyst.api;

import java.time.Instant;

/**
 * A file a run produced, stored under the run's folder of the project workspace.
 *
 * @param id        stable identifier
 * @param projectId the project
 * @param runId     the run that produced it
 * @param name      file name, unique within the run
 * @param type      what it is for (e.g. {@code profile-json}, {@code report-html}, {@code log})
 * @param mediaType its media type (e.g. {@code text/html})
 * @param size      bytes
 * @param sha256    lower-case hex SHA-256 of the content
 * @param createdAt registration time
 */
public record Artifact(String id, String projectId, String runId, String name, String type, String mediaType,
                       long size, String sha256, Instant createdAt) {
    public Artifact {
        Checks.text(id, "id");
        Checks.text(projectId, "projectId");
        Checks.text(runId, "runId");
        Checks.text(name, "name");
        Checks.text(type, "type");
        Checks.text(mediaType, "mediaType");
        if (size < 0) throw new IllegalArgumentException("size must be >= 0");
        Checks.text(sha256, "sha256");
        java.util.Objects.requireNonNull(createdAt, "createdAt");
    }
}

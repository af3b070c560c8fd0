package org.dataanalyst.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A named dataset of a project; its content lives in {@link DatasetVersion}s.
 *
 * @param id        stable identifier
 * @param projectId the owning project
 * @param name      unique within the project
 * @param createdAt creation time
 */
public record Dataset(String id, String projectId, String name, Instant createdAt) {
    public Dataset {
        Checks.text(id, "id");
        Checks.text(projectId, "projectId");
        Checks.text(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}

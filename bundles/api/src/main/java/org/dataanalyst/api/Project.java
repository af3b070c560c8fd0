package org.dataanalyst.api;

import java.time.Instant;
import java.util.Objects;

/**
 * An isolated project: a named workspace that owns datasets, runs and artifacts.
 *
 * @param id          stable identifier (opaque, URL-safe)
 * @param name        unique, human-chosen name (see {@link #NAME_PATTERN})
 * @param description free text, never {@code null}
 * @param createdAt   creation time
 */
public record Project(String id, String name, String description, Instant createdAt) {

    /** What a project name may look like: 1–64 letters, digits, {@code - _ .}, starting with a letter or digit. */
    public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    public Project {
        Checks.text(id, "id");
        Checks.text(name, "name");
        description = description == null ? "" : description;
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** @return whether {@code name} is an acceptable project name */
    public static boolean isValidName(String name) {
        return name != null && name.matches(NAME_PATTERN);
    }
}

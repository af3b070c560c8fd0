package org.dataanalyst.connector.files.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.spi.connector.SourceContext;
import org.dataanalyst.spi.connector.SourceSpec;

/** The location of a file source: one file, no wildcards, resolved by the platform. */
final class Locations {

    /** Characters the engine's file functions treat as glob patterns. */
    private static final String WILDCARDS = "*?[]{}";

    private Locations() {
    }

    /**
     * @throws InvalidRequestException when the location is missing or holds a wildcard
     */
    static void check(SourceSpec spec) {
        String location = spec.location();
        if (location == null || location.isBlank()) {
            throw new InvalidRequestException("A " + spec.kind() + " source needs a location: the path of one file "
                    + "inside the project (e.g. raw/…) or in an allowed import folder");
        }
        for (char c : location.toCharArray()) {
            if (WILDCARDS.indexOf(c) >= 0) {
                throw new InvalidRequestException("The location '" + location + "' holds the wildcard character '" + c
                        + "': a " + spec.kind() + " source reads exactly one file (name it in full; rename files whose "
                        + "names contain any of " + WILDCARDS + ")");
            }
        }
    }

    /**
     * @return the file, resolved and checked by the platform (workspace or import roots)
     * @throws InvalidRequestException when the location is refused or is not a regular file
     */
    static Path resolve(SourceSpec spec, SourceContext context) {
        check(spec);
        Path file = context.resolveFile(spec.location().strip());
        if (!Files.isRegularFile(file)) {
            throw new InvalidRequestException("The location '" + spec.location() + "' is not a file");
        }
        return file;
    }
}

package org.dataanalyst.api.run;

import java.io.IOException;
import java.nio.file.Path;

import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.Run;
import org.osgi.annotation.versioning.ProviderType;

/** What the engine gives a {@link RunType} while it executes one run. */
@ProviderType
public interface RunContext {

    /** @return the run as it was when it started */
    Run run();

    /** @return the root of the project's workspace */
    Path workspace();

    /** @return the run's own folder ({@code runs/<run-id>/}), created and writable */
    Path directory();

    /** Appends a line to the run's log, readable at once. {@code {}} placeholders as in SLF4J. */
    void log(String message, Object... args);

    /** Records progress; {@code fraction} within [0, 1]. */
    void progress(double fraction, String message);

    /** @return whether the run was asked to stop */
    boolean isCancelled();

    /**
     * Registers a file under {@link #directory()} as an artifact: its size and SHA-256 are computed here.
     *
     * @param file      a file inside {@link #directory()}
     * @param type      what it is for (e.g. {@code profile-json})
     * @param mediaType its media type
     */
    Artifact addArtifact(Path file, String type, String mediaType) throws IOException;
}

package org.dataanalyst.spi.connector;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/** What the platform gives a {@link Connector} to reach a source: files, secrets, a log. */
@ProviderType
public interface SourceContext {

    /**
     * Resolves a location from the source spec to a readable file: an absolute path inside an allowed
     * import root, or a path relative to (and inside) the project workspace, e.g. {@code raw/x.csv}.
     *
     * @throws org.dataanalyst.api.InvalidRequestException when it lies outside them or does not exist
     */
    Path resolveFile(String location);

    /**
     * @return the value of a project secret, for connecting; never log it, never put it into a message
     * @throws org.dataanalyst.api.InvalidRequestException when the project has no such secret
     */
    String secret(String name);

    /**
     * Replaces every {@code ${secret:name}} in {@code text} by the secret's value (for a connection
     * string or a password option). The result must not be logged or put into a message.
     *
     * @throws org.dataanalyst.api.InvalidRequestException when a referenced secret does not exist
     */
    String resolveSecrets(String text);

    /** Appends a line to the run's log ({@code {}} placeholders as in SLF4J); secret values are masked. */
    void log(String message, Object... args);
}

package org.dataanalyst.connector.files.internal;

/**
 * A file that cannot be ingested as it is: empty, malformed, not in the chosen encoding… The message
 * names the file (and the line where known) and says what is wrong; it becomes the run's reason.
 */
public final class SourceFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message names the file and says what is wrong */
    public SourceFailure(String message) {
        super(message);
    }

    /**
     * @param message names the file and says what is wrong
     * @param cause   the engine's failure
     */
    public SourceFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

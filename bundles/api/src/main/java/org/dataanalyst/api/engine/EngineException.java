package org.dataanalyst.api.engine;

/**
 * A failure of the {@link Engine}: a session that cannot be opened, or an SQL statement that failed
 * (syntax, a refused file access, out of memory…). The message says what went wrong in words a user
 * can act on; for a failed statement it is the engine's own message.
 */
public class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public EngineException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}

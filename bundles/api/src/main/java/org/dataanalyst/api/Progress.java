package org.dataanalyst.api;

/**
 * How far a run has come.
 *
 * @param fraction 0.0 … 1.0
 * @param message  what it is doing now, never {@code null}
 */
public record Progress(double fraction, String message) {
    /** No progress yet. */
    public static final Progress NONE = new Progress(0, "");

    public Progress {
        if (!(fraction >= 0 && fraction <= 1)) throw new IllegalArgumentException("fraction must be within [0, 1]: " + fraction);
        message = message == null ? "" : message;
    }
}

package org.dataanalyst.api;

/** A request clashes with the current state, e.g. a duplicate name (HTTP 409). */
public class ConflictException extends AnalystException {
    private static final long serialVersionUID = 1L;

    /** @param detail a sentence for the user saying what is wrong and, where possible, what to do */
    public ConflictException(String detail) {
        super(detail);
    }

    /**
     * @param detail a sentence for the user
     * @param cause  the underlying failure
     */
    public ConflictException(String detail, Throwable cause) {
        super(detail, cause);
    }
}

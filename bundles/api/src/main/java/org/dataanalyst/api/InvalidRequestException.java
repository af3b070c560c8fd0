package org.dataanalyst.api;

/** A request is malformed or breaks a rule; nothing was changed (HTTP 400). */
public class InvalidRequestException extends AnalystException {
    private static final long serialVersionUID = 1L;

    /** @param detail a sentence for the user saying what is wrong and, where possible, what to do */
    public InvalidRequestException(String detail) {
        super(detail);
    }

    /**
     * @param detail a sentence for the user
     * @param cause  the underlying failure
     */
    public InvalidRequestException(String detail, Throwable cause) {
        super(detail, cause);
    }
}

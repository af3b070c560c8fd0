package org.dataanalyst.api;

/** The caller is known but may not do this (HTTP 403). */
public class ForbiddenException extends AnalystException {
    private static final long serialVersionUID = 1L;

    /** @param detail a sentence for the user saying what is wrong and, where possible, what to do */
    public ForbiddenException(String detail) {
        super(detail);
    }

    /**
     * @param detail a sentence for the user
     * @param cause  the underlying failure
     */
    public ForbiddenException(String detail, Throwable cause) {
        super(detail, cause);
    }
}

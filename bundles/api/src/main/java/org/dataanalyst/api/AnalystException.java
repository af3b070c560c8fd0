package org.dataanalyst.api;

/** Base of the errors a platform service throws for a request it refuses; the REST layer maps each to an RFC 9457 problem. */
public abstract class AnalystException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param detail a sentence for the user saying what is wrong and, where possible, what to do */
    public AnalystException(String detail) {
        super(detail);
    }

    /**
     * @param detail a sentence for the user
     * @param cause  the underlying failure
     */
    public AnalystException(String detail, Throwable cause) {
        super(detail, cause);
    }
}

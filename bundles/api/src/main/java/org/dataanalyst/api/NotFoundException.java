package org.dataanalyst.api;

/** Something named in a request does not exist (HTTP 404). */
public class NotFoundException extends AnalystException {
    private static final long serialVersionUID = 1L;

    /** @param detail a sentence for the user saying what is wrong and, where possible, what to do */
    public NotFoundException(String detail) {
        super(detail);
    }

    /**
     * @param detail a sentence for the user
     * @param cause  the underlying failure
     */
    public NotFoundException(String detail, Throwable cause) {
        super(detail, cause);
    }
}

package org.dataanalyst.rest.internal;

/** A request body went over its size limit (HTTP 413). */
final class PayloadTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PayloadTooLargeException(long limit) {
        super("request body is larger than the limit of " + limit + " bytes");
    }

    /** @param detail what is too large, and the limit */
    PayloadTooLargeException(String detail) {
        super(detail);
    }
}

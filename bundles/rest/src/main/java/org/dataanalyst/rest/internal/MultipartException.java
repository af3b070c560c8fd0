package org.dataanalyst.rest.internal;

import java.io.IOException;

/**
 * A {@code multipart/form-data} body that cannot be read: malformed, cut off, or not readable from
 * the connection. The message is a sentence for the client (HTTP 400).
 */
final class MultipartException extends IOException {
    private static final long serialVersionUID = 1L;

    MultipartException(String detail) {
        super(detail);
    }

    MultipartException(String detail, Throwable cause) {
        super(detail, cause);
    }
}

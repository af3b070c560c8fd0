package org.dataanalyst.api;

/**
 * Something sent is larger than the configured limit, e.g. an upload over the datasets'
 * {@code max_upload_bytes}; nothing was kept (HTTP 413). A kind of {@link InvalidRequestException},
 * so callers that only know that one still treat it as the caller's fault.
 */
public class ContentTooLargeException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    /** @param detail a sentence for the user naming the limit and, where possible, how to raise it */
    public ContentTooLargeException(String detail) {
        super(detail);
    }
}

package org.dataanalyst.rest.internal;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document.
 *
 * @param type     a URI naming the problem type; {@code about:blank} when the status says it all
 * @param title    the status phrase
 * @param status   the HTTP status
 * @param detail   what went wrong for this request, for a person to read
 * @param instance the request path
 */
record Problem(String type, String title, int status, String detail, String instance) {

    static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(int status, String detail, String instance) {
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType != null ? statusType.getReasonPhrase() : "HTTP " + status;
        return new Problem("about:blank", title, status, detail, instance);
    }

    Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}

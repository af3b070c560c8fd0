package org.dataanalyst.rest.internal;

import java.util.UUID;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import org.dataanalyst.api.AnalystException;
import org.dataanalyst.api.ConflictException;
import org.dataanalyst.api.ContentTooLargeException;
import org.dataanalyst.api.ForbiddenException;
import org.dataanalyst.api.InvalidRequestException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one exception mapper: every error leaves the API as {@code application/problem+json}. */
@Component(service = ExceptionMapper.class)
@JakartarsExtension
@JakartarsName("analyst-problems")
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    @Context
    private UriInfo uriInfo;

    @Context
    private Request request;

    @Override
    public Response toResponse(Throwable error) {
        return problemFor(error, instance()).toResponse();
    }

    private String instance() {
        try {
            return "/" + uriInfo.getBaseUri().getPath().replaceAll("^/+|/+$", "") + "/" + uriInfo.getPath(false).replaceAll("^/+", "");
        } catch (RuntimeException outsideRequest) {
            return null;
        }
    }

    Problem problemFor(Throwable error, String instance) {
        Throwable e = unwrap(error);
        if (e instanceof AnalystException analyst) {
            return Problem.of(statusOf(analyst), analyst.getMessage(), instance);
        }
        if (e instanceof PayloadTooLargeException tooLarge) {
            return Problem.of(413, tooLarge.getMessage(), instance);
        }
        if (e instanceof MultipartException multipart) {
            return Problem.of(400, "malformed multipart/form-data body: " + multipart.getMessage(), instance);
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return Problem.of(400, "unknown field '" + unknown.getPropertyName() + "'; known fields: "
                    + unknown.getKnownPropertyIds(), instance);
        }
        if (e instanceof JsonProcessingException json) {
            return Problem.of(400, "malformed JSON: " + json.getOriginalMessage() + locationOf(json), instance);
        }
        if (e instanceof NotFoundException) {
            return Problem.of(404, "no such endpoint: " + method() + " " + instance, instance);
        }
        if (e instanceof NotAllowedException notAllowed) {
            return Problem.of(405, method() + " is not supported here; allowed: "
                    + notAllowed.getResponse().getAllowedMethods(), instance);
        }
        if (e instanceof NotSupportedException) {
            return Problem.of(415, "unsupported media type; see the OpenAPI document for what this endpoint takes", instance);
        }
        if (e instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status < 500) {
                return Problem.of(status, web.getMessage(), instance);
            }
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("Request {} failed (incident {})", instance, incident, error);
        return Problem.of(500, "internal error (incident " + incident + "); the server log has the details", instance);
    }

    private String method() {
        try {
            return request.getMethod();
        } catch (RuntimeException outsideRequest) {
            return "";
        }
    }

    /** Jersey wraps reader failures: the first cause we know how to explain wins, else the error itself. */
    private static Throwable unwrap(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof AnalystException || e instanceof JsonProcessingException || e instanceof PayloadTooLargeException
                    || e instanceof MultipartException) {
                return e;
            }
        }
        return error;
    }

    private static String locationOf(JsonProcessingException json) {
        return json.getLocation() == null ? ""
                : " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
    }

    static int statusOf(AnalystException e) {
        if (e instanceof org.dataanalyst.api.NotFoundException) return 404;
        if (e instanceof ConflictException) return 409;
        if (e instanceof ForbiddenException) return 403;
        if (e instanceof ContentTooLargeException) return 413;
        if (e instanceof InvalidRequestException) return 400;
        return 400;
    }
}

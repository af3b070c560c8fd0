package org.dataanalyst.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.secret.SecretInfo;
import org.dataanalyst.api.secret.SecretService;
import org.dataanalyst.api.project.ProjectService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code /api/projects/{id}/secrets}: store, list, show and delete a project's secrets. A value goes in
 * and never comes out: answers carry the name and times only, and no error message repeats any part
 * of the request body (the body is parsed here, not by the generic JSON reader, whose messages quote
 * the offending token).
 */
@Component(service = SecretsResource.class)
@JakartarsResource
@Path("projects/{id}/secrets")
@Produces(MediaType.APPLICATION_JSON)
public class SecretsResource {

    private static final ObjectMapper JSON = Json.mapper();
    private static final String SHAPE = "the body must be {\"value\": \"…\"} (a JSON object with one string field 'value')";

    private final ProjectService projects;
    private final SecretService secrets;

    @Activate
    public SecretsResource(@Reference ProjectService projects, @Reference SecretService secrets) {
        this.projects = projects;
        this.secrets = secrets;
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("id") String projectId, @PathParam("name") String name, InputStream body) {
        projects.get(projectId);
        String value = valueOf(body);
        boolean existed = secrets.list(projectId).stream().anyMatch(s -> s.name().equals(name));
        SecretInfo info = secrets.put(projectId, name, value);
        if (existed) {
            return Response.ok(info).build();
        }
        return Response.created(URI.create("/api/projects/" + projectId + "/secrets/" + name)).entity(info).build();
    }

    @GET
    public Page<SecretInfo> list(@PathParam("id") String projectId, @QueryParam("offset") String offset,
                                 @QueryParam("limit") String limit) {
        Paging paging = Paging.of(offset, limit);
        projects.get(projectId);
        return paging.slice(secrets.list(projectId));
    }

    @GET
    @Path("{name}")
    public SecretInfo get(@PathParam("id") String projectId, @PathParam("name") String name) {
        projects.get(projectId);
        List<SecretInfo> all = secrets.list(projectId);
        return all.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("project " + projectId + " has no secret named '" + name + "'"));
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("id") String projectId, @PathParam("name") String name) {
        projects.get(projectId);
        secrets.delete(projectId, name);
        return Response.noContent().build();
    }

    /** Reads {@code {"value": "…"}} strictly; messages never quote the body. */
    static String valueOf(InputStream body) {
        JsonNode node;
        try {
            node = body == null ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("malformed JSON" + (e.getLocation() == null ? "" : " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()) + "; " + SHAPE);
        } catch (IOException e) {
            throw new InvalidRequestException("the request body could not be read; " + SHAPE);
        }
        if (node == null || node.isMissingNode() || !node.isObject()) {
            throw new InvalidRequestException(SHAPE);
        }
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!"value".equals(field)) {
                throw new InvalidRequestException("unknown field '" + field + "'; " + SHAPE);
            }
        }
        JsonNode value = node.get("value");
        if (value == null || !value.isTextual()) {
            throw new InvalidRequestException(SHAPE);
        }
        return value.textValue();
    }
}

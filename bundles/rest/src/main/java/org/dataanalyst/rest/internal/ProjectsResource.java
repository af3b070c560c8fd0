package org.dataanalyst.rest.internal;

import java.net.URI;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.project.ProjectService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code /api/projects}: create, list, show and delete projects. */
@Component(service = ProjectsResource.class)
@JakartarsResource
@Path("projects")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectsResource {

    /** Body of {@code POST /api/projects}. */
    public record NewProject(String name, String description) {
    }

    private final ProjectService projects;

    @Activate
    public ProjectsResource(@Reference ProjectService projects) {
        this.projects = projects;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewProject body) {
        if (body == null) {
            throw new InvalidRequestException("request body required: {\"name\": \"…\", \"description\": \"…\"}");
        }
        if (body.name() == null) {
            throw new InvalidRequestException("name is required");
        }
        Project project = projects.create(body.name(), body.description());
        return Response.created(URI.create("/api/projects/" + project.id())).entity(project).build();
    }

    @GET
    public Page<Project> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Paging paging = Paging.of(offset, limit);
        return projects.list(paging.offset(), paging.limit());
    }

    @GET
    @Path("{id}")
    public Project get(@PathParam("id") String id) {
        return projects.get(id);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        projects.delete(id);
        return Response.noContent().build();
    }
}

package org.dataanalyst.rest.internal;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.dataset.DatasetService;
import org.dataanalyst.api.project.ProjectService;
import org.dataanalyst.spi.connector.SourceSpec;
import org.dataanalyst.spi.connector.SourceTable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code POST /api/projects/{id}/connectors/{kind}/tables}: the tables and views a database source
 * offers, with their columns, for a picker. The location may reference the project's secrets
 * ({@code ${secret:name}}).
 */
@Component(service = ProjectConnectorsResource.class)
@JakartarsResource
@Path("projects/{id}/connectors")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectConnectorsResource {

    /** Body of {@code POST /api/projects/{id}/connectors/{kind}/tables}. */
    public record TablesRequest(String location, Map<String, Object> options) {
    }

    private final ProjectService projects;
    private final DatasetService datasets;

    @Activate
    public ProjectConnectorsResource(@Reference ProjectService projects, @Reference DatasetService datasets) {
        this.projects = projects;
        this.datasets = datasets;
    }

    @POST
    @Path("{kind}/tables")
    @Consumes(MediaType.APPLICATION_JSON)
    public Page<SourceTable> tables(@PathParam("id") String projectId, @PathParam("kind") String kind,
                                    @QueryParam("offset") String offset, @QueryParam("limit") String limit,
                                    TablesRequest body) {
        Paging paging = Paging.of(offset, limit);
        projects.get(projectId);
        if (body == null) {
            throw new InvalidRequestException("request body required: {\"location\": \"postgresql://host/db\", \"options\": {}}");
        }
        return paging.slice(datasets.tables(projectId, new SourceSpec(kind, body.location(), body.options())));
    }
}

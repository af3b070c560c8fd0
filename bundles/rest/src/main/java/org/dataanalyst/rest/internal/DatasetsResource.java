package org.dataanalyst.rest.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.catalog.Catalog;
import org.dataanalyst.api.project.ProjectService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /api/projects/{id}/datasets}: the project's dataset catalog (filled by ingestion). */
@Component(service = DatasetsResource.class)
@JakartarsResource
@Path("projects/{id}/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetsResource {

    private final ProjectService projects;
    private final Catalog catalog;

    @Activate
    public DatasetsResource(@Reference ProjectService projects, @Reference Catalog catalog) {
        this.projects = projects;
        this.catalog = catalog;
    }

    @GET
    public Page<Dataset> list(@PathParam("id") String projectId, @QueryParam("offset") String offset,
                              @QueryParam("limit") String limit) {
        Paging paging = Paging.of(offset, limit);
        projects.get(projectId);
        return catalog.datasets(projectId, paging.offset(), paging.limit());
    }
}

package org.dataanalyst.rest.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.dataanalyst.api.Page;
import org.dataanalyst.api.dataset.ConnectorInfo;
import org.dataanalyst.api.dataset.DatasetService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /api/connectors}: the running connectors, with the kinds they read and their options schema. */
@Component(service = ConnectorsResource.class)
@JakartarsResource
@Path("connectors")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectorsResource {

    private final DatasetService datasets;

    @Activate
    public ConnectorsResource(@Reference DatasetService datasets) {
        this.datasets = datasets;
    }

    @GET
    public Page<ConnectorInfo> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Paging paging = Paging.of(offset, limit);
        return paging.slice(datasets.connectors());
    }
}

package org.dataanalyst.rest.internal;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.run.RunService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /api/run-types}: the run types the running bundles offer, with their option schemas. */
@Component(service = RunTypesResource.class)
@JakartarsResource
@Path("run-types")
@Produces(MediaType.APPLICATION_JSON)
public class RunTypesResource {

    private final RunService runs;

    @Activate
    public RunTypesResource(@Reference RunService runs) {
        this.runs = runs;
    }

    @GET
    public List<Descriptor> list() {
        return List.copyOf(runs.types().values());
    }
}

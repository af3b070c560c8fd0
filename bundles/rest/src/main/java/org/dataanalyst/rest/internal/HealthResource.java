package org.dataanalyst.rest.internal;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /api/health}: liveness, the only endpoint without a token. */
@Component(service = HealthResource.class)
@JakartarsResource
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private final String version;

    @Activate
    public HealthResource(BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
    }

    @GET
    public Map<String, Object> health() {
        return Map.of("status", "up", "version", version);
    }
}

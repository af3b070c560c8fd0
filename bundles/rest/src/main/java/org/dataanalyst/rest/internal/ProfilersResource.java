package org.dataanalyst.rest.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.dataanalyst.api.Page;
import org.dataanalyst.api.profile.ProfileService;
import org.dataanalyst.api.profile.ProfilerInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code GET /api/profilers}: the running profilers, by name, with their options schema (the options a
 * profile run takes as {@code params.profilers.<name>}).
 */
@Component(service = ProfilersResource.class)
@JakartarsResource
@Path("profilers")
@Produces(MediaType.APPLICATION_JSON)
public class ProfilersResource {

    private final ProfileService profiles;

    @Activate
    public ProfilersResource(@Reference ProfileService profiles) {
        this.profiles = profiles;
    }

    @GET
    public Page<ProfilerInfo> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Paging paging = Paging.of(offset, limit);
        return paging.slice(profiles.profilers());
    }
}

package org.dataanalyst.rest.internal;

import java.io.InputStream;
import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.plugin.PluginInfo;
import org.dataanalyst.api.plugin.PluginService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code /api/plugins}: plugin bundles installed into the running server. */
@Component(service = PluginsResource.class)
@JakartarsResource
@Path("plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginsResource {

    private final PluginService plugins;

    @Activate
    public PluginsResource(@Reference PluginService plugins) {
        this.plugins = plugins;
    }

    @GET
    public List<PluginInfo> list() {
        return plugins.list();
    }

    @POST
    @Consumes({"application/java-archive", MediaType.APPLICATION_OCTET_STREAM})
    public Response install(@Context SecurityContext security, @QueryParam("filename") String fileName, InputStream jar) {
        Admin.require(security);
        if (fileName == null || fileName.isBlank()) {
            throw new InvalidRequestException("query parameter 'filename' is required, e.g. ?filename=my-plugin.jar");
        }
        PluginInfo installed = plugins.install(fileName, jar);
        return Response.created(URI.create("/api/plugins/" + installed.id())).entity(installed).build();
    }

    @DELETE
    @Path("{plugin_id}")
    public Response uninstall(@Context SecurityContext security, @PathParam("plugin_id") String id) {
        Admin.require(security);
        long bundleId;
        try {
            bundleId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new org.dataanalyst.api.NotFoundException("no plugin with id '" + id + "'");
        }
        plugins.uninstall(bundleId);
        return Response.noContent().build();
    }
}

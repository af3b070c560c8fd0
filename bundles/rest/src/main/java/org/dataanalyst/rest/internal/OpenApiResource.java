package org.dataanalyst.rest.internal;

import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /api/openapi.json}: the API described as OpenAPI 3.1, maintained with the resources. */
@Component(service = OpenApiResource.class)
@JakartarsResource
@Path("openapi.json")
public class OpenApiResource {

    private final byte[] document;

    @Activate
    public OpenApiResource() throws IOException {
        try (InputStream in = OpenApiResource.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IOException("openapi.json missing from the bundle");
            }
            this.document = in.readAllBytes();
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] document() {
        return document; // written out as it is; nothing modifies it
    }
}

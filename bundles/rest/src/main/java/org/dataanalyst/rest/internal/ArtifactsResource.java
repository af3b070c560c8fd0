package org.dataanalyst.rest.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.run.RunService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /api/projects/{id}/artifacts/{artifact_id}}: streams a run's artifact. */
@Component(service = ArtifactsResource.class)
@JakartarsResource
@Path("projects/{id}/artifacts")
public class ArtifactsResource {

    private final RunService runs;

    @Activate
    public ArtifactsResource(@Reference RunService runs) {
        this.runs = runs;
    }

    @GET
    @Path("{artifact_id}")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("id") String projectId, @PathParam("artifact_id") String artifactId) {
        Artifact artifact = runs.artifact(projectId, artifactId);
        StreamingOutput body = (OutputStream out) -> {
            try (InputStream in = runs.openArtifact(projectId, artifactId)) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, artifact.mediaType())
                .header(HttpHeaders.CONTENT_LENGTH, artifact.size())
                .header("Content-Disposition", contentDisposition(artifact.name()))
                .header("Digest", "sha-256=" + artifact.sha256())
                .build();
    }

    /** RFC 6266 with an ASCII fallback and the exact UTF-8 name. */
    static String contentDisposition(String name) {
        String ascii = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + percentEncode(name);
    }

    private static String percentEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}

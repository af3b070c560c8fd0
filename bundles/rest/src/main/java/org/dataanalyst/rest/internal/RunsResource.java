package org.dataanalyst.rest.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.run.LogChunk;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.api.run.RunService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code /api/projects/{id}/runs}: runs, their logs and artifacts. */
@Component(service = RunsResource.class)
@JakartarsResource
@Path("projects/{id}/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    /** Body of {@code POST /api/projects/{id}/runs}. */
    public record NewRun(String type, String datasetId, String datasetVersionId, Map<String, Object> params,
                         Boolean force) {
    }

    static final int DEFAULT_LOG_CHUNK = 64 * 1024;

    private final RunService runs;

    @Activate
    public RunsResource(@Reference RunService runs) {
        this.runs = runs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(@PathParam("id") String projectId, NewRun body) {
        if (body == null || body.type() == null || body.type().isBlank()) {
            throw new InvalidRequestException("type is required; known types: " + String.join(", ", runs.types().keySet()));
        }
        RunRequest request = new RunRequest(body.type(), body.datasetId(), body.datasetVersionId(), body.params(),
                Boolean.TRUE.equals(body.force()));
        RunService.Submission submission = runs.submit(projectId, request);
        Run run = submission.run();
        URI location = URI.create("/api/projects/" + projectId + "/runs/" + run.id());
        return (submission.created() ? Response.accepted(run) : Response.ok(run)).location(location).build();
    }

    @GET
    public Page<Run> list(@PathParam("id") String projectId, @QueryParam("offset") String offset,
                          @QueryParam("limit") String limit) {
        Paging paging = Paging.of(offset, limit);
        return runs.list(projectId, paging.offset(), paging.limit());
    }

    @GET
    @Path("{run_id}")
    public Run get(@PathParam("id") String projectId, @PathParam("run_id") String runId) {
        return runs.get(projectId, runId);
    }

    @POST
    @Path("{run_id}/cancel")
    public Run cancel(@PathParam("id") String projectId, @PathParam("run_id") String runId) {
        return runs.cancel(projectId, runId);
    }

    @GET
    @Path("{run_id}/log")
    public LogChunk log(@PathParam("id") String projectId, @PathParam("run_id") String runId,
                        @QueryParam("offset") String offset, @QueryParam("max_bytes") String maxBytes) {
        long from = Paging.parse("offset", offset, 0);
        int max = Paging.parse("max_bytes", maxBytes, DEFAULT_LOG_CHUNK);
        if (from < 0 || max < 1) {
            throw new InvalidRequestException("offset must be >= 0 and max_bytes >= 1");
        }
        return runs.log(projectId, runId, from, max);
    }

    @GET
    @Path("{run_id}/artifacts")
    public List<Artifact> artifacts(@PathParam("id") String projectId, @PathParam("run_id") String runId) {
        return runs.artifacts(projectId, runId); // 404 for an unknown run comes from the service
    }

}

package org.dataanalyst.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.dataanalyst.api.AnalystException;
import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.SchemaDrift;
import org.dataanalyst.api.dataset.ConnectorInfo;
import org.dataanalyst.api.dataset.DatasetDetails;
import org.dataanalyst.api.dataset.DatasetService;
import org.dataanalyst.api.dataset.DatasetSummary;
import org.dataanalyst.api.dataset.IngestRequest;
import org.dataanalyst.api.dataset.Ingestion;
import org.dataanalyst.api.dataset.Upload;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.api.project.ProjectService;
import org.dataanalyst.spi.connector.SourceSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/projects/{id}/datasets}: bring data in (JSON or a streamed multipart upload), list the
 * datasets, show one with its versions, a version, the drift between two versions, and a preview.
 */
@Component(service = DatasetsResource.class)
@JakartarsResource
@Path("projects/{id}/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetsResource {

    /** Body of {@code POST /api/projects/{id}/datasets} as JSON. */
    public record NewDataset(String name, NewSource source, String onError, Boolean force) {
    }

    /** Where the data comes from; {@code path} and {@code url} are other names of {@code location}. */
    public record NewSource(String kind, String location, String path, String url, Map<String, Object> options) {
    }

    /** Answer of {@code POST /api/projects/{id}/datasets}: {@code upload} is {@code null} for JSON requests. */
    public record Accepted(Dataset dataset, Run run, Upload upload) {
    }

    /** Rows of a preview at most. */
    static final int MAX_PREVIEW_ROWS = 1000;
    static final int DEFAULT_PREVIEW_ROWS = 50;

    private static final ObjectMapper JSON = Json.mapper();
    private static final Logger LOG = LoggerFactory.getLogger(DatasetsResource.class);

    private final ProjectService projects;
    private final DatasetService datasets;

    @Activate
    public DatasetsResource(@Reference ProjectService projects, @Reference DatasetService datasets) {
        this.projects = projects;
        this.datasets = datasets;
    }

    // --- bring data in ---

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response ingest(@PathParam("id") String projectId, NewDataset body) {
        projects.get(projectId);
        if (body == null) {
            throw new InvalidRequestException("request body required: {\"name\": \"orders\", \"source\": "
                    + "{\"kind\": \"csv\", \"location\": \"…\", \"options\": {}}, \"on_error\": \"fail\", \"force\": false}");
        }
        if (body.name() == null || body.name().isBlank()) {
            throw new InvalidRequestException("name is required: the dataset to create or to add a version to");
        }
        NewSource source = body.source();
        if (source == null) {
            throw new InvalidRequestException("source is required: {\"kind\": \"csv\", \"location\": \"…\", \"options\": {}}");
        }
        if (source.kind() == null || source.kind().isBlank()) {
            throw new InvalidRequestException("source.kind is required" + knownKinds(datasets));
        }
        String location = location(source);
        IngestRequest request = new IngestRequest(body.name().strip(), new SourceSpec(source.kind().strip(), location, source.options()),
                UploadForm.onError(body.onError(), "on_error"), Boolean.TRUE.equals(body.force()));
        Ingestion ingestion = datasets.ingest(projectId, request);
        return accepted(projectId, ingestion, null);
    }

    /**
     * The same as a multipart form whose {@code file} part is streamed into the project's {@code raw/}
     * folder by the datasets service (which enforces its own size limit, 413 above it). When the request
     * is refused after the file was stored (a field after the file is wrong, or the ingest refuses the
     * request), the stored upload is removed again: a refused request leaves nothing behind.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@PathParam("id") String projectId, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           InputStream body) {
        projects.get(projectId);
        MultipartReader reader;
        try {
            reader = new MultipartReader(body, MultipartReader.boundaryOf(contentType));
        } catch (MultipartException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        AtomicReference<Upload> received = new AtomicReference<>();
        try {
            UploadForm.Result<Upload> form = UploadForm.read(reader, JSON, kinds(datasets), (fileName, content) -> {
                Upload upload = datasets.receive(projectId, fileName, content);
                received.set(upload);
                return upload;
            });
            Upload upload = form.file();
            IngestRequest request = new IngestRequest(form.name(), new SourceSpec(form.kind(), upload.location(), form.options()),
                    form.onError(), form.force());
            return accepted(projectId, datasets.ingest(projectId, request), upload);
        } catch (IOException | RuntimeException e) {
            boolean refused = e instanceof AnalystException || e instanceof MultipartException
                    || e instanceof PayloadTooLargeException || reader.failure() != null;
            if (refused && received.get() != null) {
                discard(projectId, received.get());
            }
            MultipartException broken = reader.failure();
            if (e instanceof MultipartException || (broken != null && !(e instanceof AnalystException) && !(e instanceof PayloadTooLargeException))) {
                // the body is malformed; the datasets service may have met it while it streamed the file, and wrapped it
                throw new InvalidRequestException("malformed multipart/form-data body: " + (broken != null ? broken : e).getMessage());
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot receive the upload of project " + projectId + ": " + io, io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Removes an upload whose request was refused: its own folder {@code raw/<upload-id>/}, made for this
     * request alone by {@link DatasetService#receive}, so nothing else can refer to it yet.
     */
    private void discard(String projectId, Upload upload) {
        try {
            java.nio.file.Path file = projects.resolveInside(projectId, upload.location());
            java.nio.file.Path folder = file.getParent();
            java.nio.file.Path raw = projects.workspace(projectId).resolve("raw");
            if (folder == null || !raw.equals(folder.getParent())) {
                LOG.warn("Upload {} of project {} was refused but is not in a folder of its own under raw/; kept",
                        upload.location(), projectId);
                return;
            }
            try (Stream<java.nio.file.Path> entries = Files.walk(folder)) {
                for (java.nio.file.Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(entry);
                }
            }
            LOG.info("Upload {} of project {} removed: its request was refused", upload.location(), projectId);
        } catch (IOException | RuntimeException cleanup) {
            LOG.warn("Upload {} of project {} was refused but could not be removed: {}", upload.location(), projectId,
                    cleanup.toString());
        }
    }

    private static Response accepted(String projectId, Ingestion ingestion, Upload upload) {
        URI location = URI.create("/api/projects/" + projectId + "/datasets/" + ingestion.dataset().id());
        return Response.accepted(new Accepted(ingestion.dataset(), ingestion.run(), upload)).location(location).build();
    }

    private static String location(NewSource source) {
        String location = null;
        int given = 0;
        for (String value : new String[] {source.location(), source.path(), source.url()}) {
            if (value != null) {
                given++;
                location = value;
            }
        }
        if (given > 1) {
            throw new InvalidRequestException("give the source's location once: one of source.location, source.path, source.url");
        }
        return location;
    }

    /** The kinds of the running connectors. */
    static Set<String> kinds(DatasetService datasets) {
        Set<String> kinds = new LinkedHashSet<>();
        for (ConnectorInfo connector : datasets.connectors()) {
            kinds.addAll(connector.kinds());
        }
        return kinds;
    }

    private static String knownKinds(DatasetService datasets) {
        Set<String> kinds = kinds(datasets);
        return kinds.isEmpty() ? "" : "; known kinds: " + String.join(", ", new java.util.TreeSet<>(kinds));
    }

    // --- read ---

    @GET
    public Page<DatasetSummary> list(@PathParam("id") String projectId, @QueryParam("offset") String offset,
                                     @QueryParam("limit") String limit) {
        Paging paging = Paging.of(offset, limit);
        projects.get(projectId);
        return datasets.list(projectId, paging.offset(), paging.limit());
    }

    @GET
    @Path("{dataset_id}")
    public DatasetDetails get(@PathParam("id") String projectId, @PathParam("dataset_id") String datasetId,
                              @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Paging paging = Paging.of(offset, limit);
        projects.get(projectId);
        return datasets.get(projectId, datasetId, paging.offset(), paging.limit());
    }

    @GET
    @Path("{dataset_id}/versions/{number}")
    public DatasetVersion version(@PathParam("id") String projectId, @PathParam("dataset_id") String datasetId,
                                  @PathParam("number") String number) {
        projects.get(projectId);
        int n;
        try {
            n = Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw new NotFoundException("dataset " + datasetId + " has no version '" + number + "'; versions are numbered 1, 2, 3…");
        }
        return datasets.version(projectId, datasetId, n);
    }

    /** The drift between two versions; {@code to} defaults to the latest, {@code from} to the one before {@code to}. */
    @GET
    @Path("{dataset_id}/drift")
    public SchemaDrift drift(@PathParam("id") String projectId, @PathParam("dataset_id") String datasetId,
                             @QueryParam("from") String from, @QueryParam("to") String to) {
        projects.get(projectId);
        Integer fromNumber = optionalVersion("from", from);
        Integer toNumber = optionalVersion("to", to);
        if (toNumber == null) {
            DatasetVersion latest = datasets.get(projectId, datasetId, 0, 1).latest();
            if (latest == null) {
                throw new NotFoundException("dataset " + datasetId + " has no version yet: its first ingest has not succeeded");
            }
            toNumber = latest.number();
        }
        if (fromNumber == null) {
            if (toNumber < 2) {
                throw new InvalidRequestException("version " + toNumber + " is the first one: there is nothing to compare it "
                        + "with; give ?from=N&to=M");
            }
            fromNumber = toNumber - 1;
        }
        return datasets.drift(projectId, datasetId, fromNumber, toNumber);
    }

    @GET
    @Path("{dataset_id}/preview")
    public QueryResult preview(@PathParam("id") String projectId, @PathParam("dataset_id") String datasetId,
                               @QueryParam("version") String version, @QueryParam("limit") String limit) {
        projects.get(projectId);
        Integer number = optionalVersion("version", version);
        int rows = Paging.parse("limit", limit, DEFAULT_PREVIEW_ROWS);
        if (rows < 1 || rows > MAX_PREVIEW_ROWS) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_PREVIEW_ROWS + ", was " + rows);
        }
        return datasets.preview(projectId, datasetId, number, rows);
    }

    private static Integer optionalVersion(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        int number = Paging.parse(name, value, 0);
        if (number < 1) {
            throw new InvalidRequestException(name + " must be a version number (1, 2, 3…), was " + number);
        }
        return number;
    }
}

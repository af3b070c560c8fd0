package org.dataanalyst.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.dataanalyst.api.AnalystException;
import org.dataanalyst.api.ConflictException;
import org.dataanalyst.api.ContentTooLargeException;
import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.Ids;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Platform;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.SchemaDrift;
import org.dataanalyst.api.catalog.Catalog;
import org.dataanalyst.api.dataset.ConnectorInfo;
import org.dataanalyst.api.dataset.DatasetDetails;
import org.dataanalyst.api.dataset.DatasetService;
import org.dataanalyst.api.dataset.DatasetSummary;
import org.dataanalyst.api.dataset.IngestRequest;
import org.dataanalyst.api.dataset.Ingestion;
import org.dataanalyst.api.dataset.Upload;
import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.api.profile.ProfileSummary;
import org.dataanalyst.api.project.ProjectService;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.api.run.RunService;
import org.dataanalyst.api.secret.SecretInfo;
import org.dataanalyst.api.secret.SecretService;
import org.dataanalyst.spi.connector.Connector;
import org.dataanalyst.spi.connector.SourceSpec;
import org.dataanalyst.spi.connector.SourceTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DatasetService}: validates ingest requests (moving inline passwords into project secrets
 * first), creates datasets, queues {@code ingest} runs, receives uploads into {@code raw/}, and answers
 * for datasets, versions, drift, previews, connectors and database tables.
 */
@Component(service = DatasetService.class, configurationPid = DatasetsConfig.PID)
@Designate(ocd = DatasetsConfig.class)
public final class DatasetManager implements DatasetService {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetManager.class);

    static final String RAW_FOLDER = "raw";
    static final int MAX_PREVIEW_LIMIT = 1000;

    private final Catalog catalog;
    private final ProjectService projects;
    private final RunService runs;
    private final Engine engine;
    private final SecretService secrets;
    private final Path dataDirectory;
    private final ConnectorRegistry connectors;
    private volatile Settings settings;

    /** DS activation. */
    @Activate
    public DatasetManager(@Reference Catalog catalog, @Reference ProjectService projects, @Reference RunService runs,
                          @Reference Engine engine, @Reference SecretService secrets, BundleContext context,
                          DatasetsConfig config) {
        this(catalog, projects, runs, engine, secrets, new ConnectorRegistry(), Platform.dataDirectory(context::getProperty),
                Settings.of(config, Platform.dataDirectory(context::getProperty)));
    }

    /** With explicit parts (tests, tools). */
    DatasetManager(Catalog catalog, ProjectService projects, RunService runs, Engine engine, SecretService secrets,
                   ConnectorRegistry connectors, Path dataDirectory, Settings settings) {
        this.catalog = catalog;
        this.projects = projects;
        this.runs = runs;
        this.engine = engine;
        this.secrets = secrets;
        this.connectors = connectors;
        this.dataDirectory = dataDirectory;
        this.settings = settings;
        LOG.info("datasets ready: import roots {}, max upload {} bytes", settings.importRoots(), settings.maxUploadBytes());
    }

    /** DS: a new configuration applies from the next request on. */
    @Modified
    void modified(DatasetsConfig config) {
        settings = Settings.of(config, dataDirectory);
        LOG.info("datasets reconfigured: import roots {}, max upload {} bytes", settings.importRoots(), settings.maxUploadBytes());
    }

    /** DS: a connector service appeared. */
    @Reference(name = "connectors", service = Connector.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindConnector")
    void bindConnector(Connector connector, ServiceReference<Connector> reference) {
        connectors.add(connector, reference);
    }

    void unbindConnector(Connector connector) {
        connectors.remove(connector);
    }

    // --- ingest ---

    @Override
    public Ingestion ingest(String projectId, IngestRequest request) {
        projects.get(projectId);
        if (request == null) throw new InvalidRequestException("an ingest request is required");
        String name = request.name();
        if (!Project.isValidName(name)) {
            throw new InvalidRequestException("the dataset name must match " + Project.NAME_PATTERN
                    + ": 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit; was '"
                    + (name == null ? "" : name) + "'");
        }
        ConnectorRegistry.Entry connector = SourceChecks.connector(connectors, request.source().kind());

        // inline passwords go into a project secret before anything is stored or logged
        InlinePasswords.Extraction extraction = InlinePasswords.extract(request.source(), name);
        SecretText.Masker masker = new SecretText.Masker();
        extraction.secrets().values().forEach(masker::add);
        SourceSpec spec = extraction.spec();

        Settings current = settings;
        Set<String> known = secrets.list(projectId).stream().map(SecretInfo::name).collect(Collectors.toCollection(HashSet::new));
        known.addAll(extraction.secrets().keySet());
        SourceChecks.check(spec, connector, projects.workspace(projectId), current.importRoots(), known, masker);
        if (!runs.types().containsKey(IngestRunType.TYPE)) {
            throw new IllegalStateException("the ingest run type is not available; is the datasets bundle starting?");
        }

        extraction.secrets().forEach((secretName, value) -> {
            secrets.put(projectId, secretName, value);
            LOG.info("an inline password of dataset {} in project {} was moved into the secret {}", name, projectId, secretName);
        });

        boolean created = false;
        Dataset dataset = catalog.datasetByName(projectId, name).orElse(null);
        if (dataset == null) {
            Dataset fresh = new Dataset(Ids.next('d'), projectId, name, Instant.now());
            try {
                catalog.insertDataset(fresh);
                dataset = fresh;
                created = true;
            } catch (ConflictException e) { // created by a concurrent request
                dataset = catalog.datasetByName(projectId, name).orElseThrow(() -> e);
            }
        }
        IngestParams params = new IngestParams(name, spec, request.onError(), request.force());
        Run run = runs.submit(projectId, new RunRequest(IngestRunType.TYPE, dataset.id(), null, params.toMap(), true)).run();
        LOG.info("ingest run {} queued for dataset {} ({}) of project {}", run.id(), name, dataset.id(), projectId);
        return new Ingestion(dataset, run, created);
    }

    // --- uploads ---

    @Override
    public Upload receive(String projectId, String fileName, InputStream content) throws IOException {
        projects.get(projectId);
        String safe = UploadNames.safe(fileName);
        long max = settings.maxUploadBytes();
        Path raw = projects.workspace(projectId).resolve(RAW_FOLDER);
        Files.createDirectories(raw);
        String uploadId;
        Path dir;
        do {
            uploadId = Ids.next('u');
            dir = raw.resolve(uploadId);
        } while (Files.exists(dir));
        Files.createDirectory(dir);
        Path tmp = dir.resolve(".upload.tmp");
        Path file = dir.resolve(safe);
        boolean complete = false;
        try {
            MessageDigest sha = FileOps.sha256();
            long size = 0;
            byte[] buffer = new byte[1 << 16];
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                int n;
                while ((n = content.read(buffer)) != -1) {
                    size += n;
                    if (size > max) {
                        throw new ContentTooLargeException("upload too large: the limit is " + max + " bytes ("
                                + human(max) + "; max_upload_bytes of " + DatasetsConfig.PID + ")");
                    }
                    sha.update(buffer, 0, n);
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    while (bytes.hasRemaining()) channel.write(bytes);
                }
                channel.force(true);
            }
            FileOps.Digest digest = new FileOps.Digest(FileOps.hex(sha.digest()), size);
            FileOps.moveAtomically(tmp, file);
            FileOps.writeAtomically(dir.resolve(FileOps.UPLOAD_HASH_FILE), FileOps.uploadDigestRecord(safe, digest));
            FileOps.fsyncDirectory(raw);
            complete = true;
            LOG.info("upload {} received into project {}: {} ({} bytes)", uploadId, projectId, safe, size);
            return new Upload(RAW_FOLDER + "/" + uploadId + "/" + safe, safe, size, digest.sha256());
        } finally {
            if (!complete) {
                FileOps.deleteQuietly(tmp);
                FileOps.deleteQuietly(file);
                FileOps.deleteQuietly(dir.resolve(FileOps.UPLOAD_HASH_FILE));
                FileOps.deleteQuietly(dir);
            }
        }
    }

    static String human(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : (value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value))
                + " " + units[unit];
    }

    // --- reading ---

    @Override
    public Page<DatasetSummary> list(String projectId, int offset, int limit) {
        Page.checkArguments(offset, limit);
        projects.get(projectId);
        return catalog.datasetSummaries(projectId, offset, limit);
    }

    @Override
    public DatasetDetails get(String projectId, String datasetId, int versionOffset, int versionLimit) {
        Page.checkArguments(versionOffset, versionLimit);
        Dataset dataset = dataset(projectId, datasetId);
        DatasetVersion latest = catalog.latestVersion(datasetId).orElse(null);
        Page<DatasetVersion> versions = catalog.versions(datasetId, versionOffset, versionLimit);
        Run latestRun = catalog.latestRun(datasetId, IngestRunType.TYPE).orElse(null);
        List<String> warnings = new ArrayList<>();
        if (latest != null && latest.drift() != null && latest.drift().breaking()) {
            warnings.add("Version " + latest.number() + " has " + Drift.summary(latest.drift()) + ".");
        }
        if (latestRun != null && latestRun.status() == RunStatus.FAILED) {
            warnings.add("The latest ingest run " + latestRun.id() + " failed: " + latestRun.reason());
        }
        ProfileSummary profile = catalog.profileSummary(datasetId).orElse(null);
        return new DatasetDetails(dataset, latest, versions, latestRun, profile, warnings);
    }

    @Override
    public DatasetVersion version(String projectId, String datasetId, int number) {
        Dataset dataset = dataset(projectId, datasetId);
        return catalog.version(datasetId, number).orElseThrow(() -> new NotFoundException(
                "dataset '" + dataset.name() + "' has no version " + number));
    }

    @Override
    public SchemaDrift drift(String projectId, String datasetId, int fromNumber, int toNumber) {
        DatasetVersion from = version(projectId, datasetId, fromNumber);
        DatasetVersion to = version(projectId, datasetId, toNumber);
        return Drift.compute(from.schema(), to.schema(), from.number(), to.number());
    }

    @Override
    public QueryResult preview(String projectId, String datasetId, Integer number, int limit) {
        int max = Math.min(MAX_PREVIEW_LIMIT, settings.previewMaxRows());
        if (limit < 1 || limit > max) {
            throw new InvalidRequestException("limit must be between 1 and " + max + ", was " + limit);
        }
        Dataset dataset = dataset(projectId, datasetId);
        DatasetVersion version = number == null
                ? catalog.latestVersion(datasetId).orElseThrow(() -> new NotFoundException(
                        "dataset '" + dataset.name() + "' has no version yet"))
                : version(projectId, datasetId, number);
        Path workspace = projects.workspace(projectId);
        Path file = workspace.resolve(IngestJob.STAGING_FOLDER).resolve(datasetId).resolve("v" + version.number() + ".parquet");
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("the staged data of version " + version.number() + " of dataset '" + dataset.name()
                    + "' is missing (" + IngestJob.STAGING_FOLDER + "/" + datasetId + "/v" + version.number() + ".parquet)");
        }
        try (EngineSession session = engine.open(workspace)) {
            Path real = file.toRealPath();
            return session.query("SELECT * FROM read_parquet(" + Sql.literal(real.toString()) + ") LIMIT " + limit);
        } catch (IOException e) {
            throw new NotFoundException("the staged data of version " + version.number() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private Dataset dataset(String projectId, String datasetId) {
        projects.get(projectId);
        return catalog.dataset(projectId, datasetId).orElseThrow(() -> new NotFoundException(
                "dataset '" + datasetId + "' does not exist in project '" + projectId + "'"));
    }

    // --- connectors ---

    @Override
    public List<ConnectorInfo> connectors() {
        List<ConnectorInfo> infos = new ArrayList<>();
        for (ConnectorRegistry.Entry entry : connectors.entries()) {
            Descriptor descriptor;
            try {
                descriptor = entry.connector().descriptor();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("connector {} of {} cannot describe itself: {}", entry.kinds(), entry.origin(), e.toString());
                descriptor = new Descriptor(entry.kinds().isEmpty() ? "unknown" : entry.kinds().get(0), null,
                        "This connector could not describe itself: " + e, null);
            }
            infos.add(new ConnectorInfo(descriptor, entry.kinds(), entry.bundle(), entry.bundleVersion()));
        }
        infos.sort(Comparator.comparing(i -> i.descriptor().name()));
        return infos;
    }

    @Override
    public List<SourceTable> tables(String projectId, SourceSpec source) {
        projects.get(projectId);
        if (source == null) throw new InvalidRequestException("a source is required");
        ConnectorRegistry.Entry entry = SourceChecks.connector(connectors, source.kind());
        SecretText.Masker masker = new SecretText.Masker();
        InlinePasswords.extract(source, "x").secrets().values().forEach(masker::add);
        Settings current = settings;
        Path workspace;
        try {
            workspace = projects.workspace(projectId).toRealPath();
        } catch (IOException e) {
            throw new NotFoundException("the workspace of project " + projectId + " is missing", e);
        }
        ProjectSourceContext context = new ProjectSourceContext(projectId, workspace, current.importRoots(), secrets, masker,
                line -> LOG.debug("tables of a {} source in project {}: {}", source.kind(), projectId, line));
        try {
            return List.copyOf(entry.connector().tables(source, context));
        } catch (UnsupportedOperationException e) {
            throw new InvalidRequestException("kind " + source.kind() + " has no tables");
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(masker.mask(e.getMessage()));
        } catch (AnalystException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getName() : e.getMessage();
            throw new InvalidRequestException(masker.mask(message));
        }
    }
}

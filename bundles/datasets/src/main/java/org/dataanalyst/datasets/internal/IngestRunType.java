package org.dataanalyst.datasets.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.Platform;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.catalog.Catalog;
import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.project.ProjectService;
import org.dataanalyst.api.run.RunContext;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.api.run.RunType;
import org.dataanalyst.api.run.RunTypeName;
import org.dataanalyst.api.secret.SecretInfo;
import org.dataanalyst.api.secret.SecretService;
import org.dataanalyst.spi.connector.Connector;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code ingest} run type: reads a source through its connector into a new staged version of a
 * dataset (see {@link IngestJob}). Ingests of one dataset run one after the other (a lock per dataset
 * in this process); different datasets ingest in parallel, as far as the run engine's workers allow.
 */
@Component(service = RunType.class, configurationPid = DatasetsConfig.PID)
@RunTypeName(type = IngestRunType.TYPE)
public final class IngestRunType implements RunType {

    /** The run type name. */
    public static final String TYPE = Catalog.INGEST_RUN_TYPE;

    private final Catalog catalog;
    private final ProjectService projects;
    private final Engine engine;
    private final SecretService secrets;
    private final Path dataDirectory;
    private final ConnectorRegistry connectors;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private volatile Settings settings;

    /** DS activation. */
    @Activate
    public IngestRunType(@Reference Catalog catalog, @Reference ProjectService projects, @Reference Engine engine,
                         @Reference SecretService secrets, BundleContext context, DatasetsConfig config) {
        this(catalog, projects, engine, secrets, new ConnectorRegistry(), Platform.dataDirectory(context::getProperty),
                Settings.of(config, Platform.dataDirectory(context::getProperty)));
    }

    /** With explicit parts (tests, tools). */
    IngestRunType(Catalog catalog, ProjectService projects, Engine engine, SecretService secrets,
                  ConnectorRegistry connectors, Path dataDirectory, Settings settings) {
        this.catalog = catalog;
        this.projects = projects;
        this.engine = engine;
        this.secrets = secrets;
        this.connectors = connectors;
        this.dataDirectory = dataDirectory;
        this.settings = settings;
    }

    /** DS: a new configuration applies to runs that start after it. */
    @Modified
    void modified(DatasetsConfig config) {
        settings = Settings.of(config, dataDirectory);
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

    @Override
    public Descriptor descriptor() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("type", "object");
        source.put("required", List.of("kind"));
        source.put("properties", Map.of(
                "kind", Map.of("type", "string", "description", "connector kind, e.g. csv, parquet, postgres"),
                "location", Map.of("type", "string", "description",
                        "workspace-relative path (raw/…), absolute path inside an import root, or connection string"),
                "options", Map.of("type", "object", "description", "connector options")));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("required", List.of("name", "source"));
        schema.put("properties", Map.of(
                "name", Map.of("type", "string", "description", "the dataset's name"),
                "source", source,
                "on_error", Map.of("type", "string", "enum", List.of("fail", "skip"), "default", "fail"),
                "force", Map.of("type", "boolean", "default", false,
                        "description", "make a new version even if the source is unchanged")));
        return new Descriptor(TYPE, "Ingest",
                "Reads a source through its connector into a new staged Parquet version of a dataset, with schema "
                        + "snapshot, fingerprint and drift against the previous version.", schema);
    }

    /**
     * Checks a request made directly through the run API (the dataset service makes valid ones): its
     * parameters, dataset, kind, location and secrets; an inline password is refused, because run
     * parameters are stored as they are.
     */
    @Override
    public void validate(String projectId, RunRequest request) {
        IngestParams params = IngestParams.parse(request.params());
        if (request.datasetId() == null) {
            throw new InvalidRequestException("an ingest run needs a dataset_id; to create a dataset, use "
                    + "POST /api/projects/" + projectId + "/datasets");
        }
        if (request.datasetVersionId() != null) {
            throw new InvalidRequestException("an ingest run makes a version; it takes no dataset_version_id");
        }
        Dataset dataset = catalog.dataset(projectId, request.datasetId()).orElseThrow(() -> new InvalidRequestException(
                "dataset '" + request.datasetId() + "' does not exist in project '" + projectId + "'"));
        if (!dataset.name().equals(params.name())) {
            throw new InvalidRequestException("the parameter name '" + params.name() + "' is not the name of dataset "
                    + dataset.id() + " ('" + dataset.name() + "')");
        }
        if (InlinePasswords.present(params.source())) {
            throw new InvalidRequestException("the source holds an inline password, which would be stored with the run; "
                    + "reference a secret instead (${secret:name}), or use POST /api/projects/" + projectId
                    + "/datasets, which moves it into a secret");
        }
        ConnectorRegistry.Entry connector = SourceChecks.connector(connectors, params.source().kind());
        Set<String> existing = secrets.list(projectId).stream().map(SecretInfo::name).collect(Collectors.toSet());
        SourceChecks.check(params.source(), connector, projects.workspace(projectId), settings.importRoots(), existing,
                new SecretText.Masker());
    }

    @Override
    public void execute(RunContext context) throws Exception {
        Run run = context.run();
        IngestParams params = IngestParams.parse(run.params());
        if (run.datasetId() == null) {
            throw new IllegalArgumentException("an ingest run needs a dataset");
        }
        Dataset dataset = IngestJob.uninterrupted(() -> catalog.dataset(run.projectId(), run.datasetId()))
                .orElseThrow(() -> new IllegalArgumentException("dataset " + run.datasetId() + " does not exist any more"));
        Settings current = settings;
        ConnectorRegistry.Entry connector = connectors.get(params.source().kind()).orElseThrow(() -> new IllegalStateException(
                "no connector for the kind '" + params.source().kind() + "' is installed; known kinds: " + connectors.knownKinds()));
        Path workspace = context.workspace().toRealPath();

        ReentrantLock lock = locks.computeIfAbsent(dataset.id(), id -> new ReentrantLock());
        if (!lock.tryLock()) {
            context.log("waiting for another ingest of dataset '{}' to finish", dataset.name());
            lock.lockInterruptibly();
        }
        SecretText.Masker masker = new SecretText.Masker();
        try {
            new IngestJob(context, params, dataset, catalog, engine, secrets, connector, current, workspace, masker).execute();
        } catch (Exception | LinkageError e) {
            // the run engine records the message as the reason and the stack trace in the log: mask both
            throw masker.mask(e);
        } finally {
            lock.unlock();
        }
    }
}

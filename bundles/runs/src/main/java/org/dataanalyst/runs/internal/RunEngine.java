package org.dataanalyst.runs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.dataanalyst.api.Ids;
import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Progress;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.catalog.Catalog;
import org.dataanalyst.api.project.ProjectService;
import org.dataanalyst.api.run.LogChunk;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.api.run.RunService;
import org.dataanalyst.api.run.RunType;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run engine.
 *
 * <p>A submitted run is stored {@code queued} and handed to a bounded pool of worker threads
 * ({@code analyst-run-N}); it never executes on the caller's thread. A worker marks it {@code running},
 * creates {@code runs/<run-id>/} in the project workspace with its {@code run.log}, calls the
 * {@link RunType} and records the outcome: {@code succeeded}, {@code failed} (reason = the exception's
 * message, stack trace in the run log) or {@code cancelled}. At the end the log itself is registered as
 * an artifact of type {@value #LOG_ARTIFACT_TYPE}.
 *
 * <p>At activation runs left {@code running} by an earlier process are failed with reason
 * {@value Run#REASON_INTERRUPTED} and runs left {@code queued} are queued again; those wait up to
 * {@code type_wait_seconds} for their run type to be installed (plugin bundles may start after this one).
 * At deactivation the engine stops accepting runs, interrupts its workers and fails the runs still
 * running with reason {@value Run#REASON_INTERRUPTED}; queued runs stay queued for the next start.
 */
@Component(service = RunService.class, configurationPid = RunEngine.PID)
@Designate(ocd = RunEngine.Config.class)
public class RunEngine implements RunService, AutoCloseable {

    /** Configuration PID of the engine. */
    public static final String PID = "org.dataanalyst.runs";

    /** Artifact type of a run's log. */
    public static final String LOG_ARTIFACT_TYPE = "log";

    /** The {@link Run#reason()} of a cancelled run. */
    public static final String REASON_CANCELLED = "cancelled";

    /**
     * Configuration of the run engine. Element names use {@code __} so that the property names are
     * {@code max_log_chunk_bytes} etc. (a single {@code _} would become a dot).
     */
    @ObjectClassDefinition(id = PID, name = "data-analyst run engine",
            description = "Worker pool, log reading and start-up behaviour of the run engine")
    public @interface Config {
        @AttributeDefinition(name = "Workers", min = "1", max = "256",
                description = "How many runs execute at the same time; further runs wait in the queue")
        int workers() default 2;

        @AttributeDefinition(name = "Max log chunk bytes", min = "1024",
                description = "Most bytes one log read returns, whatever the client asks for")
        int max__log__chunk__bytes() default 1024 * 1024;

        @AttributeDefinition(name = "Run type wait (seconds)", min = "0",
                description = "After a start, how long runs carried over in the queue wait for their run type's "
                        + "bundle to come up before they fail as 'not installed'")
        int type__wait__seconds() default 30;

        @AttributeDefinition(name = "Shutdown wait (seconds)", min = "0",
                description = "At shutdown, how long running runs get to stop after being interrupted; "
                        + "they are marked failed/interrupted either way")
        int shutdown__wait__seconds() default 5;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunEngine.class);
    private static final String RUNS_FOLDER = "runs";
    private static final int DEFAULT_MAX_LOG_CHUNK_BYTES = 1024 * 1024;

    private final Catalog catalog;
    private final ProjectService projects;
    private final RunTypeRegistry types = new RunTypeRegistry();
    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor pool;
    private final ScheduledThreadPoolExecutor progressTimer;
    private final Object submitLock = new Object();
    private final AtomicLong syntheticServiceIds = new AtomicLong(Long.MAX_VALUE / 2);
    private final long typeWaitDeadlineNanos;
    private final Duration shutdownWait;
    private volatile int maxLogChunkBytes;
    private volatile boolean accepting = true;

    /** Activated by DS. */
    @Activate
    public RunEngine(@Reference Catalog catalog, @Reference ProjectService projects, Config config) {
        this(catalog, projects, config.workers(), config.max__log__chunk__bytes(),
                Duration.ofSeconds(Math.max(0, config.type__wait__seconds())),
                Duration.ofSeconds(Math.max(0, config.shutdown__wait__seconds())));
    }

    /** For tests: default log limit (1 MiB), 30 s run type wait, 5 s shutdown wait. */
    public RunEngine(Catalog catalog, ProjectService projects, int workers) {
        this(catalog, projects, workers, DEFAULT_MAX_LOG_CHUNK_BYTES, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    /**
     * Starts the engine: recovers the runs of an earlier process, then takes runs.
     *
     * @param workers          size of the worker pool
     * @param maxLogChunkBytes most bytes one {@link #log} call returns
     * @param typeWait         how long recovered queued runs wait for their run type
     * @param shutdownWait     how long {@link #close()} waits for running runs to stop
     */
    public RunEngine(Catalog catalog, ProjectService projects, int workers, int maxLogChunkBytes, Duration typeWait,
                     Duration shutdownWait) {
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        if (maxLogChunkBytes < 1) throw new IllegalArgumentException("maxLogChunkBytes must be >= 1");
        this.catalog = catalog;
        this.projects = projects;
        this.maxLogChunkBytes = maxLogChunkBytes;
        this.shutdownWait = shutdownWait;
        this.typeWaitDeadlineNanos = System.nanoTime() + typeWait.toNanos();
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                threads("analyst-run-"));
        this.progressTimer = new ScheduledThreadPoolExecutor(1, threads("analyst-run-progress-"));
        this.progressTimer.setRemoveOnCancelPolicy(true);
        recover();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A new configuration: resizes the pool and changes the log limit without touching runs. */
    @Modified
    void modified(Config config) {
        int workers = Math.max(1, config.workers());
        if (workers > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(workers);
            pool.setCorePoolSize(workers);
        } else {
            pool.setCorePoolSize(workers);
            pool.setMaximumPoolSize(workers);
        }
        maxLogChunkBytes = Math.max(1, config.max__log__chunk__bytes());
        LOG.info("run engine reconfigured: {} workers (type_wait_seconds and shutdown_wait_seconds apply at the next start)",
                workers);
    }

    // --- run types ---

    /** DS: a run type service appeared. */
    @Reference(name = "runTypes", service = RunType.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindRunType")
    public void bindRunType(RunType type, Map<String, Object> properties) {
        String name = typeName(properties);
        if (name == null) {
            LOG.warn("ignoring a run type service without the property {}: {}", RunType.TYPE_PROPERTY, type.getClass().getName());
            return;
        }
        long id = properties.get(Constants.SERVICE_ID) instanceof Number n ? n.longValue() : syntheticServiceIds.incrementAndGet();
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        types.add(name, type, ranking, id);
        LOG.info("run type '{}' installed ({})", name, type.getClass().getName());
    }

    /** DS: a run type service went away. */
    public void unbindRunType(RunType type, Map<String, Object> properties) {
        String name = typeName(properties);
        if (name != null) removeRunType(name, type);
    }

    /** Adds a run type under a name (tests, and what {@link #bindRunType} does). */
    public void addRunType(String name, RunType type) {
        types.add(name, type, 0, syntheticServiceIds.incrementAndGet());
    }

    /**
     * Removes a run type. Runs executing that instance are interrupted and fail with the reason
     * "run type 'x' was uninstalled while the run was running".
     */
    public void removeRunType(String name, RunType type) {
        if (!types.remove(name, type)) return;
        LOG.info("run type '{}' removed ({})", name, type.getClass().getName());
        for (ActiveRun h : active.values()) {
            synchronized (h) {
                if (!h.finished && h.executing == type) {
                    abortLocked(h, "run type '" + name + "' was uninstalled while the run was running");
                }
            }
        }
    }

    private static String typeName(Map<String, Object> properties) {
        Object value = properties.get(RunType.TYPE_PROPERTY);
        if (value instanceof String[] array && array.length > 0) value = array[0];
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    @Override
    public SortedMap<String, Descriptor> types() {
        SortedMap<String, Descriptor> result = new TreeMap<>();
        types.snapshot().forEach((name, type) -> {
            try {
                result.put(name, type.descriptor());
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("run type '{}' cannot describe itself: {}", name, e.toString());
                result.put(name, new Descriptor(name, name, "This run type could not describe itself: " + e, null));
            }
        });
        return result;
    }

    // --- submitting ---

    @Override
    public Submission submit(String projectId, RunRequest request) {
        if (request == null) throw new InvalidRequestException("a run request is required");
        projects.get(projectId);
        String typeName = request.type();
        RunType type = types.get(typeName).orElseThrow(() -> new InvalidRequestException(
                (typeName == null || typeName.isBlank() ? "a run type is required" : "unknown run type '" + typeName + "'")
                        + "; known types: " + knownTypes()));

        String datasetId = request.datasetId();
        String versionId = request.datasetVersionId();
        if (versionId != null) {
            DatasetVersion version = catalog.version(versionId).orElseThrow(() -> new NotFoundException(
                    "dataset version '" + versionId + "' does not exist"));
            if (datasetId != null && !datasetId.equals(version.datasetId())) {
                throw new InvalidRequestException("dataset version '" + versionId + "' belongs to dataset '"
                        + version.datasetId() + "', not '" + datasetId + "'");
            }
            datasetId = version.datasetId();
        }
        if (datasetId != null) {
            String id = datasetId;
            catalog.dataset(projectId, id).orElseThrow(() -> new NotFoundException(
                    "dataset '" + id + "' does not exist in project '" + projectId + "'"));
        }
        RunRequest effective = new RunRequest(typeName, datasetId, versionId, request.params(), request.force());
        validate(type, typeName, projectId, effective);
        effective = resolve(type, typeName, projectId, effective);
        String key = IdempotencyKey.of(typeName, effective.datasetId(), effective.datasetVersionId(), effective.params());

        ActiveRun handle;
        Run run;
        synchronized (submitLock) {
            if (!accepting) throw new IllegalStateException("the run engine is stopping; try again after the restart");
            if (!effective.force()) {
                Optional<Run> existing = catalog.reusableRun(projectId, key);
                if (existing.isPresent()) {
                    LOG.debug("run request in project {} answered with the existing run {}", projectId, existing.get().id());
                    return new Submission(existing.get(), false);
                }
            }
            run = new Run(Ids.next('r'), projectId, typeName, effective.datasetId(), effective.datasetVersionId(),
                    effective.params(), key, RunStatus.QUEUED, Progress.NONE, null, Instant.now(), null, null);
            handle = new ActiveRun(run, false);
            active.put(run.id(), handle); // before the insert, so that a cancel always finds it
            try {
                catalog.insertRun(run);
            } catch (RuntimeException e) {
                active.remove(run.id());
                throw e;
            }
        }
        enqueue(handle);
        LOG.debug("run {} ({}) queued in project {}", handle.runId, typeName, projectId);
        return new Submission(run, true);
    }

    private void validate(RunType type, String typeName, String projectId, RunRequest request) {
        try {
            type.validate(projectId, request);
        } catch (org.dataanalyst.api.AnalystException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("run type '{}' failed while validating a request: {}", typeName, e.toString());
            throw new InvalidRequestException("run type '" + typeName + "' could not validate the request: " + describe(e), e);
        }
    }

    /** Lets the run type complete the request (e.g. the latest version); it may not change type or dataset. */
    private RunRequest resolve(RunType type, String typeName, String projectId, RunRequest request) {
        RunRequest resolved;
        try {
            resolved = type.resolve(projectId, request);
        } catch (org.dataanalyst.api.AnalystException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("run type '{}' failed while resolving a request: {}", typeName, e.toString());
            throw new InvalidRequestException("run type '" + typeName + "' could not resolve the request: " + describe(e), e);
        }
        if (resolved == null || !typeName.equals(resolved.type())
                || !java.util.Objects.equals(request.datasetId(), resolved.datasetId())) {
            throw new IllegalStateException("run type '" + typeName + "' changed the type or dataset of a request");
        }
        if (resolved.datasetVersionId() != null && !resolved.datasetVersionId().equals(request.datasetVersionId())) {
            DatasetVersion version = catalog.version(resolved.datasetVersionId()).orElseThrow(() -> new NotFoundException(
                    "dataset version '" + resolved.datasetVersionId() + "' does not exist"));
            if (!version.datasetId().equals(resolved.datasetId())) {
                throw new IllegalStateException("run type '" + typeName + "' resolved a version of another dataset");
            }
        }
        return resolved;
    }

    private String knownTypes() {
        String names = String.join(", ", types.names());
        return names.isEmpty() ? "(none installed)" : names;
    }

    private void enqueue(ActiveRun handle) {
        try {
            pool.execute(() -> work(handle));
        } catch (RejectedExecutionException e) {
            // stopping: the run stays queued in the catalog and is taken up again at the next start
            active.remove(handle.runId, handle);
            LOG.info("run {} stays queued: the run engine is stopping", handle.runId);
        }
    }

    // --- reading ---

    @Override
    public Run get(String projectId, String runId) {
        return catalog.run(projectId, runId).orElseThrow(() -> new NotFoundException(
                "run '" + runId + "' does not exist in project '" + projectId + "'"));
    }

    @Override
    public Page<Run> list(String projectId, int offset, int limit) {
        Page.checkArguments(offset, limit);
        projects.get(projectId);
        return catalog.runs(projectId, offset, limit);
    }

    @Override
    public LogChunk log(String projectId, String runId, long offset, int maxBytes) {
        if (offset < 0) throw new InvalidRequestException("offset must be >= 0, was " + offset);
        if (maxBytes < 1) throw new InvalidRequestException("max_bytes must be >= 1, was " + maxBytes);
        // Whether the run had ended is decided BEFORE reading: every line is written before the run is
        // marked ended, so a reader told "complete" has seen everything.
        boolean ended = get(projectId, runId).status().isTerminal();
        Path file = runDirectory(projectId, runId).resolve(RunLog.FILE_NAME);
        try {
            LogReader.Piece piece = LogReader.read(file, offset, Math.min(maxBytes, maxLogChunkBytes));
            boolean complete = ended && piece.nextOffset() >= piece.fileSize();
            return new LogChunk(piece.text(), piece.offset(), piece.nextOffset(), complete);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of run " + runId, e);
        }
    }

    @Override
    public List<Artifact> artifacts(String projectId, String runId) {
        get(projectId, runId);
        return catalog.artifacts(projectId, runId);
    }

    @Override
    public Artifact artifact(String projectId, String artifactId) {
        return catalog.artifact(projectId, artifactId).orElseThrow(() -> new NotFoundException(
                "artifact '" + artifactId + "' does not exist in project '" + projectId + "'"));
    }

    @Override
    public InputStream openArtifact(String projectId, String artifactId) throws IOException {
        Artifact artifact = artifact(projectId, artifactId);
        Path dir = runDirectory(projectId, artifact.runId());
        Path file = dir.resolve(artifact.name()).normalize();
        if (!file.startsWith(dir) || file.equals(dir)) {
            throw new NotFoundException("artifact '" + artifactId + "' points outside its run folder");
        }
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("the file of artifact '" + artifactId + "' is missing");
        }
        if (!file.toRealPath().startsWith(dir.toRealPath())) {
            throw new NotFoundException("artifact '" + artifactId + "' points outside its run folder");
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("the file of artifact '" + artifactId + "' is missing", e);
        }
    }

    /** @return {@code runs/<run-id>/} of the project workspace, checked to stay inside it */
    private Path runDirectory(String projectId, String runId) {
        Path runs = projects.workspace(projectId).toAbsolutePath().normalize().resolve(RUNS_FOLDER);
        Path dir = runs.resolve(runId).normalize();
        if (!dir.startsWith(runs) || dir.equals(runs)) {
            throw new InvalidRequestException("not a run id: " + runId);
        }
        return dir;
    }

    // --- cancelling ---

    @Override
    public Run cancel(String projectId, String runId) {
        Run run = get(projectId, runId);
        ActiveRun h = active.get(runId);
        if (h == null || !h.projectId.equals(projectId)) {
            if (run.status() == RunStatus.QUEUED) {
                // not in this engine's queue (left over while stopping): nothing will pick it up before the update
                Run cancelled = run.with(RunStatus.CANCELLED, run.progress(), REASON_CANCELLED, null, Instant.now());
                catalog.updateRun(cancelled);
                return cancelled;
            }
            return run;
        }
        synchronized (h) {
            if (h.finished || h.completing) return h.current;
            h.cancelled = true;
            h.stopRequested = true;
            if (h.current.status() == RunStatus.QUEUED) {
                finishLocked(h, RunStatus.CANCELLED, REASON_CANCELLED, null);
                types.wakeWaiters(); // a worker may be waiting for this run's type
                LOG.debug("queued run {} cancelled", runId);
            } else if (h.worker != null) {
                h.worker.interrupt();
                LOG.debug("running run {} asked to stop", runId);
            }
            return h.current;
        }
    }

    /** Asks a running run to stop; it will end failed with {@code reason}. Caller holds the monitor of h. */
    private void abortLocked(ActiveRun h, String reason) {
        if (h.abortReason == null) h.abortReason = reason;
        h.stopRequested = true;
        if (h.worker != null) h.worker.interrupt();
    }

    // --- executing ---

    private void work(ActiveRun h) {
        try {
            execute(h);
        } catch (Throwable t) {
            if (projectIsGone(h.projectId)) {
                synchronized (h) {
                    h.finished = true;
                    active.remove(h.runId, h);
                }
                LOG.info("run {} dropped: project {} was deleted", h.runId, h.projectId);
                return;
            }
            LOG.error("run {} of project {} could not be processed", h.runId, h.projectId, t);
            try {
                finish(h, RunStatus.FAILED, "internal error: " + describe(t), null);
            } catch (RuntimeException e) {
                LOG.error("cannot record the failure of run {}", h.runId, e);
            }
        } finally {
            Thread.interrupted(); // never carry a cancel's interrupt into the next run
        }
    }

    private void execute(ActiveRun h) throws InterruptedException {
        String typeName;
        synchronized (h) {
            if (h.finished || !accepting) return;
            typeName = h.current.type();
        }
        Optional<RunType> found = types.get(typeName);
        if (found.isEmpty() && h.recovered) {
            if (typeWaitDeadlineNanos - System.nanoTime() > 0) {
                LOG.info("run {} waits for run type '{}' to be installed", h.runId, typeName);
            }
            try {
                found = types.await(typeName, typeWaitDeadlineNanos, () -> h.stopRequested || !accepting);
            } catch (InterruptedException e) {
                return; // stopping: stays queued for the next start
            }
            if (!accepting || h.stopRequested) return; // stopping (stays queued), or cancelled (recorded)
        }

        Path workspace = projects.workspace(h.projectId);
        Path dir = runDirectory(h.projectId, h.runId);
        RunLog log;
        try {
            Files.createDirectories(dir);
            log = RunLog.open(dir.resolve(RunLog.FILE_NAME), h.runId);
        } catch (IOException e) {
            finish(h, RunStatus.FAILED, "cannot create the run folder: " + describe(e), null);
            return;
        }

        Run started;
        synchronized (h) {
            if (h.finished || h.stopRequested || !accepting) {
                log.close(); // cancelled meanwhile (already recorded), or stopping (stays queued)
                return;
            }
            h.log = log;
            if (found.isPresent()) {
                h.current = h.current.with(RunStatus.RUNNING, h.current.progress(), null, Instant.now(), null);
                Run running = h.current;
                uninterrupted(() -> catalog.updateRun(running));
                h.worker = Thread.currentThread();
                h.executing = found.get();
            }
            started = h.current;
        }
        if (found.isEmpty()) {
            String reason = "run type '" + typeName + "' is not installed";
            log.line(reason + "; installed types: " + knownTypes());
            end(h, log, RunStatus.FAILED, reason, null, "run failed: " + reason);
            return;
        }

        RunType type = found.get();
        log.line("run " + h.runId + " started: type " + typeName + describeTarget(started) + ", on " + Thread.currentThread().getName());
        EngineRunContext context = new EngineRunContext(started, h, workspace, dir, log,
                artifact -> recordArtifact(h, artifact), progress -> recordProgress(h, progress), progressTimer);
        long t0 = System.nanoTime();
        Throwable failure = null;
        try {
            type.execute(context);
        } catch (Throwable t) {
            failure = t;
        }
        String abortReason;
        boolean cancelled;
        boolean givenUp;
        synchronized (h) {
            h.worker = null;
            h.executing = null;
            h.completing = true;
            abortReason = h.abortReason;
            cancelled = h.cancelled;
            givenUp = h.finished; // by a shutdown that did not wait for us
        }
        Thread.interrupted();
        Progress last = context.close();
        if (givenUp) {
            log.close();
            return;
        }
        String took = " after " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms";
        if (abortReason != null) {
            if (failure != null) log.line("the run type stopped with:", failure);
            end(h, log, RunStatus.FAILED, abortReason, last, "run failed: " + abortReason + took);
        } else if (cancelled) {
            if (failure != null) log.line("the run type stopped with:", failure);
            end(h, log, RunStatus.CANCELLED, REASON_CANCELLED, last, "run cancelled" + took);
        } else if (failure != null) {
            String reason = describe(failure);
            log.line("run failed: " + reason, failure);
            end(h, log, RunStatus.FAILED, reason, last, "run failed" + took);
        } else {
            end(h, log, RunStatus.SUCCEEDED, null, new Progress(1.0, "done"), "run succeeded" + took);
        }
    }

    private static String describeTarget(Run run) {
        StringBuilder text = new StringBuilder();
        if (run.datasetId() != null) text.append(", dataset ").append(run.datasetId());
        if (run.datasetVersionId() != null) text.append(", version ").append(run.datasetVersionId());
        // names only: values may be sensitive (connection strings) and stay in the catalog
        if (!run.params().isEmpty()) text.append(", parameters ").append(new java.util.TreeSet<>(run.params().keySet()));
        return text.toString();
    }

    /** Writes the last line, closes the log, registers it as an artifact and records the end. */
    private void end(ActiveRun h, RunLog log, RunStatus status, String reason, Progress progress, String lastLine) {
        log.line(lastLine);
        log.close();
        try {
            Sha256.FileDigest digest = Sha256.file(log.file());
            recordArtifact(h, new Artifact(Ids.next('a'), h.projectId, h.runId, RunLog.FILE_NAME,
                    LOG_ARTIFACT_TYPE, "text/plain; charset=utf-8", digest.size(), digest.hex(), Instant.now()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot register the log of run {} as an artifact: {}", h.runId, e.toString());
        }
        if (finish(h, status, reason, progress)) {
            String outcome = status.name().toLowerCase(java.util.Locale.ROOT);
            if (status == RunStatus.FAILED) {
                // the stack trace is in the run's log, not here: a plugin's failure is the run's data
                LOG.warn("run {} ({}) of project {} failed: {}", h.runId, h.current.type(), h.projectId, reason);
            } else {
                LOG.info("run {} ({}) of project {} {}", h.runId, h.current.type(), h.projectId, outcome);
            }
        }
    }

    private void recordProgress(ActiveRun h, Progress progress) {
        synchronized (h) {
            if (h.finished || h.current.status() != RunStatus.RUNNING) return;
            Run updated = h.current.with(RunStatus.RUNNING, progress, null, h.current.startedAt(), null);
            uninterrupted(() -> catalog.updateRun(updated));
            h.current = updated;
        }
    }

    /** Stores an artifact of a run. Under the run's monitor, so that no cancel interrupts the catalog call. */
    private void recordArtifact(ActiveRun h, Artifact artifact) {
        synchronized (h) {
            uninterrupted(() -> {
                if (catalog.artifacts(h.projectId, h.runId).stream().anyMatch(a -> a.name().equals(artifact.name()))) {
                    throw new IllegalArgumentException("an artifact named '" + artifact.name()
                            + "' is already registered for this run");
                }
                catalog.insertArtifact(artifact);
            });
        }
    }

    /**
     * Calls the catalog with the thread's interrupt flag cleared, and restores it: the catalog's connection
     * pool gives up on an interrupted thread, and a run's thread may carry a cancel's interrupt. Callers
     * hold the run's monitor, so no new interrupt arrives meanwhile.
     */
    private static void uninterrupted(Runnable call) {
        boolean interrupted = Thread.interrupted();
        try {
            call.run();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Records how a run ended, unless that has been decided already. */
    private boolean finish(ActiveRun h, RunStatus status, String reason, Progress progress) {
        synchronized (h) {
            return finishLocked(h, status, reason, progress);
        }
    }

    private boolean finishLocked(ActiveRun h, RunStatus status, String reason, Progress progress) {
        if (h.finished) return false;
        h.finished = true;
        active.remove(h.runId, h);
        Run run = h.current;
        h.current = run.with(status, progress == null ? run.progress() : progress, reason, run.startedAt(), Instant.now());
        Run ended = h.current;
        uninterrupted(() -> catalog.updateRun(ended));
        return true;
    }

    private boolean projectIsGone(String projectId) {
        try {
            return catalog.project(projectId).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getName() : message;
    }

    // --- start and stop ---

    private void recover() {
        List<Run> interrupted = catalog.runsInStatus(RunStatus.RUNNING);
        for (Run run : interrupted) {
            try {
                try {
                    Path log = runDirectory(run.projectId(), run.id()).resolve(RunLog.FILE_NAME);
                    if (Files.isDirectory(log.getParent())) {
                        RunLog.append(log, run.id(), "run failed: interrupted (the server stopped while it was running)");
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("cannot append to the log of interrupted run {}: {}", run.id(), e.toString());
                }
                catalog.updateRun(run.with(RunStatus.FAILED, run.progress(), Run.REASON_INTERRUPTED, run.startedAt(),
                        Instant.now()));
            } catch (RuntimeException e) {
                LOG.error("cannot mark run {} as interrupted", run.id(), e);
            }
        }
        List<Run> queued = catalog.runsInStatus(RunStatus.QUEUED);
        for (Run run : queued) {
            ActiveRun handle = new ActiveRun(run, true);
            active.put(run.id(), handle);
            enqueue(handle);
        }
        if (!interrupted.isEmpty() || !queued.isEmpty()) {
            LOG.info("run engine started: {} interrupted run(s) marked failed, {} queued run(s) taken up again",
                    interrupted.size(), queued.size());
        }
    }

    /**
     * Stops the engine: accepts no more runs, interrupts the running ones and marks them failed with
     * reason {@value Run#REASON_INTERRUPTED}. Queued runs stay queued for the next start.
     */
    @Deactivate
    @Override
    public void close() {
        synchronized (submitLock) {
            if (!accepting) return;
            accepting = false;
        }
        for (ActiveRun h : active.values()) {
            synchronized (h) {
                if (!h.finished && h.current.status() == RunStatus.RUNNING) abortLocked(h, Run.REASON_INTERRUPTED);
            }
        }
        // shutdown(), not shutdownNow(): only running runs are interrupted (above, under their monitor);
        // queued tasks see that the engine stopped and return at once, leaving their runs queued
        pool.shutdown();
        types.wakeWaiters();
        boolean stopped = false;
        try {
            stopped = pool.awaitTermination(shutdownWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!stopped) pool.shutdownNow();
        List<String> abandoned = new ArrayList<>();
        for (ActiveRun h : active.values()) {
            synchronized (h) {
                if (!h.finished && h.current.status() == RunStatus.RUNNING) {
                    if (h.log != null) h.log.line("run failed: interrupted (the run engine stopped before the run type returned)");
                    try {
                        finishLocked(h, RunStatus.FAILED, Run.REASON_INTERRUPTED, null);
                    } catch (RuntimeException e) {
                        LOG.error("cannot mark run {} as interrupted", h.runId, e);
                    }
                    if (h.log != null) h.log.close();
                    abandoned.add(h.runId);
                }
            }
        }
        active.clear();
        progressTimer.shutdownNow();
        if (!stopped) {
            LOG.warn("run engine stopped; run thread(s) still busy after {} s, runs marked interrupted: {}",
                    shutdownWait.toSeconds(), abandoned);
        }
    }
}

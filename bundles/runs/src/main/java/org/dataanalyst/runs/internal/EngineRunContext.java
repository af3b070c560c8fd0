package org.dataanalyst.runs.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.dataanalyst.api.Ids;
import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.Progress;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.run.RunContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * The engine's {@link RunContext} for one execution. Progress is persisted at most once per
 * {@link #PROGRESS_INTERVAL_NANOS}; a report that arrives sooner is kept and written when the interval
 * has passed (or handed back by {@link #close()} for the final update), so the last one is never lost.
 */
final class EngineRunContext implements RunContext {

    static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final Logger LOG = LoggerFactory.getLogger(EngineRunContext.class);

    private final Run run;
    private final ActiveRun handle;
    private final Path workspace;
    private final Path directory;
    private final RunLog log;
    private final Consumer<Artifact> artifactSink;
    private final Consumer<Progress> progressSink;
    private final ScheduledExecutorService timer;

    private final Object progressLock = new Object();
    private Progress latest;            // guarded by progressLock: the newest report, written or not
    private Progress unwritten;         // guarded by progressLock: reported but not yet persisted
    private long lastWriteNanos;        // guarded by progressLock
    private ScheduledFuture<?> pendingFlush; // guarded by progressLock
    private boolean closed;             // guarded by progressLock

    /**
     * @param artifactSink stores an artifact (refusing a name the run has already)
     * @param progressSink stores a progress report
     * @param timer        runs the delayed write of a throttled report
     */
    EngineRunContext(Run run, ActiveRun handle, Path workspace, Path directory, RunLog log,
                     Consumer<Artifact> artifactSink, Consumer<Progress> progressSink, ScheduledExecutorService timer) {
        this.run = run;
        this.handle = handle;
        this.workspace = workspace;
        this.directory = directory;
        this.log = log;
        this.artifactSink = artifactSink;
        this.progressSink = progressSink;
        this.timer = timer;
        this.latest = run.progress();
        this.lastWriteNanos = System.nanoTime() - PROGRESS_INTERVAL_NANOS;
    }

    @Override
    public Run run() {
        return run;
    }

    @Override
    public Path workspace() {
        return workspace;
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public void log(String message, Object... args) {
        FormattingTuple formatted = MessageFormatter.arrayFormat(String.valueOf(message), args);
        String text = formatted.getMessage() == null ? "null" : formatted.getMessage();
        if (formatted.getThrowable() != null) {
            log.line(text, formatted.getThrowable());
        } else {
            log.line(text);
        }
    }

    @Override
    public void progress(double fraction, String message) {
        synchronized (progressLock) {
            if (closed) return;
            double f = Double.isNaN(fraction) ? latest.fraction() : Math.max(0, Math.min(1, fraction));
            latest = new Progress(f, message);
            unwritten = latest;
            long now = System.nanoTime();
            long due = lastWriteNanos + PROGRESS_INTERVAL_NANOS;
            if (now - due >= 0) {
                writeUnwrittenLocked();
            } else if (pendingFlush == null) {
                try {
                    pendingFlush = timer.schedule(this::flush, due - now, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    writeUnwrittenLocked(); // the engine is stopping: write at once
                }
            }
        }
    }

    private void flush() {
        synchronized (progressLock) {
            pendingFlush = null;
            if (!closed) writeUnwrittenLocked();
        }
    }

    private void writeUnwrittenLocked() {
        Progress p = unwritten;
        if (p == null) return;
        unwritten = null;
        lastWriteNanos = System.nanoTime();
        try {
            progressSink.accept(p);
        } catch (RuntimeException e) {
            LOG.warn("cannot record the progress of run {}: {}", run.id(), e.toString());
        }
    }

    @Override
    public boolean isCancelled() {
        return handle.stopRequested;
    }

    @Override
    public Artifact addArtifact(Path file, String type, String mediaType) throws IOException {
        Objects.requireNonNull(file, "file");
        Path candidate = (file.isAbsolute() ? file : directory.resolve(file)).toAbsolutePath().normalize();
        Path dir = directory.toAbsolutePath().normalize();
        if (!candidate.startsWith(dir) || candidate.equals(dir)) {
            throw new IllegalArgumentException("an artifact must be a file inside the run folder "
                    + shown(dir) + "/, not " + shown(candidate));
        }
        if (!Files.exists(candidate)) {
            throw new NoSuchFileException(shown(candidate));
        }
        Path realDir = dir.toRealPath();
        Path real = candidate.toRealPath();
        if (!real.startsWith(realDir) || !Files.isRegularFile(real)) {
            throw new IllegalArgumentException("an artifact must be a regular file inside the run folder, not "
                    + shown(candidate));
        }
        String name = realDir.relativize(real).toString().replace(File.separatorChar, '/');
        Sha256.FileDigest digest = Sha256.file(real);
        Artifact artifact = new Artifact(Ids.next('a'), run.projectId(), run.id(), name, type, mediaType,
                digest.size(), digest.hex(), Instant.now());
        artifactSink.accept(artifact);
        return artifact;
    }

    /** @return a path as users see it: relative to the workspace (the server's own layout stays private) */
    private String shown(Path path) {
        Path root = workspace.toAbsolutePath().normalize();
        Path p = path.toAbsolutePath().normalize();
        return p.startsWith(root) ? root.relativize(p).toString().replace(File.separatorChar, '/') : String.valueOf(p.getFileName());
    }

    /**
     * Ends the context: later progress reports are ignored.
     *
     * @return the newest progress reported (persisted or not)
     */
    Progress close() {
        synchronized (progressLock) {
            closed = true;
            if (pendingFlush != null) {
                pendingFlush.cancel(false);
                pendingFlush = null;
            }
            return latest;
        }
    }
}

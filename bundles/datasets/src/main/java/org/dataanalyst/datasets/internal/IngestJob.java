package org.dataanalyst.datasets.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.ConflictException;
import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Ids;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.Schema;
import org.dataanalyst.api.SchemaDrift;
import org.dataanalyst.api.catalog.Catalog;
import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.engine.Engine.SessionOptions;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.api.run.RunContext;
import org.dataanalyst.api.secret.SecretService;
import org.dataanalyst.spi.connector.SourceSpec;

/**
 * One execution of an {@code ingest} run (the caller holds the dataset's lock):
 * <ol>
 * <li>for a single source file: its SHA-256 (taken from the upload's record when there is one). When the kind,
 * location and options equal the latest version's and the file has its size, the hash comes first, and when
 * it equals the latest version's the file is not read at all; otherwise the source has changed for sure and
 * the file is hashed on a thread of its own while the connector reads it ({@link BackgroundDigest});</li>
 * <li>the connector hands the data to a {@link StagingTarget}, which writes {@code staging/<dataset>/.tmp-<run>.parquet};</li>
 * <li>row count, size, schema snapshot and — for sources that are not one file, whose content the file hash
 * does not identify — content hash of the staged rows; an unchanged source (same fingerprint, kind,
 * location and options as the latest version) makes no new version unless forced;</li>
 * <li>otherwise the file is renamed to {@code v<N>.parquet} and the version (with its drift against the
 * previous one) is inserted into the catalog; if that fails, the file is deleted.</li>
 * </ol>
 * Any failure leaves no temporary file and no new version behind; earlier versions are never touched.
 */
final class IngestJob {

    /** Progress fractions: reading takes most of a run. */
    static final double READ_START = 0.05;
    static final double READ_END = 0.85;

    static final String STAGING_FOLDER = "staging";
    static final String TMP_PREFIX = ".tmp-";

    private final RunContext context;
    private final Run run;
    private final IngestParams params;
    private final Dataset dataset;
    private final Catalog catalog;
    private final Engine engine;
    private final SecretService secrets;
    private final ConnectorRegistry.Entry connector;
    private final Settings settings;
    private final Path workspace;
    private final SecretText.Masker masker;

    IngestJob(RunContext context, IngestParams params, Dataset dataset, Catalog catalog, Engine engine,
              SecretService secrets, ConnectorRegistry.Entry connector, Settings settings, Path workspace,
              SecretText.Masker masker) {
        this.context = context;
        this.run = context.run();
        this.params = params;
        this.dataset = dataset;
        this.catalog = catalog;
        this.engine = engine;
        this.secrets = secrets;
        this.connector = connector;
        this.settings = settings;
        this.workspace = workspace;
        this.masker = masker;
    }

    /** What the staged file holds. */
    record Staged(long rows, long sizeBytes, Schema schema, String contentHash) {
    }

    void execute() throws Exception {
        SourceSpec spec = params.source();
        String kind = spec.kind();
        String shownLocation = InlinePasswords.maskLocation(spec.location());
        Map<String, Object> shownOptions = InlinePasswords.maskOptions(spec.options());
        // inline passwords left in a run submitted directly are masked like secrets
        InlinePasswords.extract(spec, "x").secrets().values().forEach(masker::add);
        ProjectSourceContext sourceContext = new ProjectSourceContext(run.projectId(), workspace, settings.importRoots(),
                secrets, masker, line -> context.log("{}", line));
        sourceContext.preloadMasks(spec.location());
        sourceContext.preloadMasks(spec.options());

        log("ingest of dataset '{}' ({}) from {} {} with connector {}; on_error={}, force={}", dataset.name(), dataset.id(),
                kind, shownLocation == null ? "(no location)" : shownLocation, connector.origin(),
                params.onError().name().toLowerCase(java.util.Locale.ROOT), params.force());

        DatasetVersion latest = uninterrupted(() -> catalog.latestVersion(dataset.id())).orElse(null);
        boolean sameSource = latest != null && sameSource(latest, kind, shownLocation, shownOptions);

        // the file hash: recorded at upload; else computed first only when it can spare the read (same source,
        // same size as the latest version), and otherwise on a thread of its own while the connector reads
        SourceFile sourceFile = sourceFile(spec, sourceContext);
        FileOps.Digest file = null;
        BackgroundDigest hashing = null;
        if (sourceFile != null) {
            if (sourceFile.recorded() != null) {
                file = sourceFile.recorded();
                log("source file {}: {} bytes, SHA-256 {} (recorded at upload)", spec.location(), file.size(), file.sha256());
            } else if (!params.force() && sameSource && sizeMatches(latest, sourceFile.size())) {
                context.progress(0.01, "hashing the source file");
                long t0 = System.nanoTime();
                file = FileOps.digest(sourceFile.path(), context::isCancelled);
                log("source file {}: {} bytes, SHA-256 {} (hashed before reading in {} s: it has the size of version {})",
                        spec.location(), file.size(), file.sha256(), seconds(System.nanoTime() - t0), latest.number());
            } else {
                hashing = new BackgroundDigest(sourceFile.path(), context::isCancelled, "ingest-hash-" + run.id());
            }
        }
        if (file != null && !params.force() && sameSource && fileMatches(latest, file)) {
            log("source file unchanged since version {} (same SHA-256 {}, size, kind, location and options): not read; "
                    + "no new version (force to ingest anyway)", latest.number(), file.sha256());
            context.progress(1.0, "unchanged since version " + latest.number());
            return;
        }

        Path stagingDir = workspace.resolve(STAGING_FOLDER).resolve(dataset.id());
        Path tmp = stagingDir.resolve(TMP_PREFIX + run.id() + ".parquet");
        try {
            checkCancelled();
            Files.createDirectories(stagingDir);
            removeLeftovers(stagingDir);
            Staged staged;
            StagingTarget target;
            long sessionStart = System.nanoTime();
            long sessionNanos;
            long readNanos;
            long describeNanos;
            try (EngineSession session = engine.open(workspace, new SessionOptions(settings.importRoots(), true))) {
                sessionNanos = System.nanoTime() - sessionStart;
                long readStart = System.nanoTime();
                target = new StagingTarget(run.projectId(), workspace, settings.importRoots(), secrets, masker, session,
                        context, params.onError(), tmp);
                context.progress(READ_START, "reading the source");
                try {
                    connector.connector().read(spec, target);
                    target.finish();
                } catch (Exception | LinkageError e) {
                    if (context.isCancelled()) throw cancelled();
                    throw e;
                } finally {
                    target.deleteScratch();
                }
                readNanos = System.nanoTime() - readStart;
                checkCancelled();
                context.progress(READ_END, "fingerprinting the staged data");
                long describeStart = System.nanoTime();
                // a file's content is identified by its hash: the staged rows need no hash of their own then
                staged = describe(session, tmp, target.notNull(), sourceFile == null);
                describeNanos = System.nanoTime() - describeStart;
            }
            if (hashing != null) {
                long waitStart = System.nanoTime();
                file = hashing.await();
                log("source file {}: {} bytes, SHA-256 {} (hashed in {} s while the connector read it; {} s waited for "
                        + "after the read)", spec.location(), file.size(), file.sha256(), seconds(hashing.seconds()),
                        seconds(System.nanoTime() - waitStart));
            }
            log("timings: engine session opened in {} s; read and staged in {} s (of which the engine's copy to Parquet "
                    + "{} s); staged data described in {} s", seconds(sessionNanos), seconds(readNanos),
                    seconds(target.copyNanos()), seconds(describeNanos));
            checkCancelled();

            Map<String, Object> fingerprint = new LinkedHashMap<>();
            if (file != null) {
                fingerprint.put("sha256", file.sha256());
                fingerprint.put("size", file.size());
            }
            fingerprint.put("rows", staged.rows());
            if (staged.contentHash() != null) fingerprint.put("content_hash", staged.contentHash());

            if (!params.force() && sameSource && fingerprintMatches(latest, fingerprint)) {
                Files.deleteIfExists(tmp);
                log("unchanged since version {}; no new version (force to ingest anyway)", latest.number());
                context.progress(1.0, "unchanged since version " + latest.number());
                return;
            }

            Map<String, Object> source = new LinkedHashMap<>();
            source.put("kind", kind);
            if (shownLocation != null) source.put("location", shownLocation);
            source.put("options", shownOptions);
            source.put("fingerprint", fingerprint);
            source.put("connector", connector.origin());
            if (target.rejected() != null) source.put("rejected_rows", target.rejected());
            target.recorded().forEach(source::putIfAbsent);

            commit(latest, staged, source, stagingDir, tmp);
        } finally {
            if (hashing != null) hashing.close();
            FileOps.deleteQuietly(tmp);
        }
    }

    /** Renames the staged file into place and records the version; undoes the rename if the catalog refuses. */
    private void commit(DatasetVersion latest, Staged staged, Map<String, Object> source, Path stagingDir, Path tmp)
            throws IOException {
        int number = latest == null ? 1 : latest.number() + 1;
        Path file = stagingDir.resolve("v" + number + ".parquet");
        if (Files.exists(file) && uninterrupted(() -> catalog.version(dataset.id(), number)).isPresent()) {
            throw conflict(number);
        }
        checkCancelled();
        context.progress(0.95, "storing version " + number);
        FileOps.fsync(tmp);
        FileOps.moveAtomically(tmp, file); // replaces a leftover of a crash between rename and insert
        SchemaDrift drift = latest == null ? null : Drift.compute(latest.schema(), staged.schema(), latest.number(), number);
        DatasetVersion version = new DatasetVersion(Ids.next('v'), dataset.id(), number, staged.rows(), staged.sizeBytes(),
                staged.schema(), source, run.id(), Instant.now(), drift);
        try {
            uninterrupted(() -> {
                catalog.insertVersion(version);
                return null;
            });
        } catch (RuntimeException e) {
            FileOps.deleteQuietly(file);
            if (e instanceof ConflictException) throw conflict(number);
            throw e;
        }
        try {
            uninterrupted(() -> {
                catalog.updateRunDatasetVersion(run.projectId(), run.id(), version.id());
                return null;
            });
        } catch (RuntimeException e) {
            log("version {} has the id {} (it could not be recorded on the run: {})", number, version.id(), e.getMessage());
        }
        log("version {} ({}) staged as {}/{}/{}: {} rows, {} columns, {} bytes", number, version.id(), STAGING_FOLDER,
                dataset.id(), file.getFileName(), staged.rows(), staged.schema().columns().size(), staged.sizeBytes());
        if (drift != null) log(Drift.summary(drift));
        context.progress(1.0, "version " + number);
    }

    private ConflictException conflict(int number) {
        return new ConflictException("another ingest created version " + number + " of dataset '" + dataset.name()
                + "' meanwhile; run the ingest again");
    }

    /**
     * Row count, size, schema and (with {@code contentHash}) content fingerprint of the staged file. The row
     * count comes from the Parquet footer; the content hash is a scan of every staged value.
     */
    private static Staged describe(EngineSession session, Path file, Set<String> notNull, boolean contentHash)
            throws IOException {
        String scan = "read_parquet(" + Sql.literal(file.toString()) + ")";
        QueryResult described = session.query("DESCRIBE SELECT * FROM " + scan);
        List<Column> columns = new ArrayList<>();
        for (List<Object> row : described.rows()) {
            String name = String.valueOf(row.get(0));
            columns.add(new Column(name, String.valueOf(row.get(1)), !notNull.contains(name)));
        }
        if (!contentHash) {
            long rows = ((Number) session.query("SELECT count(*) FROM " + scan).single()).longValue();
            return new Staged(rows, Files.size(file), new Schema(columns), null);
        }
        QueryResult stats = session.query("SELECT count(*), sum(hash(t))::HUGEINT FROM " + scan + " AS t");
        List<Object> row = stats.rows().get(0);
        long rows = ((Number) row.get(0)).longValue();
        String hashSum = row.get(1) == null ? "0"
                : row.get(1) instanceof BigDecimal d ? d.toPlainString() : String.valueOf(row.get(1));
        StringBuilder canonical = new StringBuilder("rows=").append(rows).append("\nhash=").append(hashSum).append("\nschema=");
        for (Column c : columns) {
            canonical.append('\n').append(c.name()).append('\t').append(c.type()).append('\t').append(c.nullable());
        }
        return new Staged(rows, Files.size(file), new Schema(columns), FileOps.sha256Hex(canonical.toString()));
    }

    /**
     * The source when it is one file inside the workspace or an import root.
     *
     * @param path     the file (resolved)
     * @param size     its size in bytes
     * @param recorded its digest recorded at upload, or {@code null}
     */
    record SourceFile(Path path, long size, FileOps.Digest recorded) {
    }

    /**
     * @return the source file, or {@code null} when the source is not one file inside the workspace or an
     *         import root (a connection string, a pattern, a folder, or a location the connector will refuse)
     */
    private SourceFile sourceFile(SourceSpec spec, ProjectSourceContext sourceContext) throws IOException {
        String location = spec.location();
        if (!Locations.isPath(location) || Locations.isPattern(location)) return null;
        Path file;
        try {
            file = sourceContext.resolveFile(location);
        } catch (InvalidRequestException e) {
            return null; // the connector reports it
        }
        if (!Files.isRegularFile(file)) return null;
        Optional<FileOps.Digest> uploaded = file.startsWith(workspace.resolve("raw")) ? FileOps.uploadDigest(file) : Optional.empty();
        return new SourceFile(file, uploaded.map(FileOps.Digest::size).orElse(Files.size(file)), uploaded.orElse(null));
    }

    private static boolean sameSource(DatasetVersion latest, String kind, String location, Map<String, Object> options) {
        Map<String, Object> source = latest.source();
        return Objects.equals(source.get("kind"), kind)
                && Objects.equals(source.get("location"), location)
                && Canonical.equal(source.get("options") == null ? Map.of() : source.get("options"), options);
    }

    private static boolean sizeMatches(DatasetVersion latest, long size) {
        return latest.source().get("fingerprint") instanceof Map<?, ?> fingerprint
                && fingerprint.get("sha256") != null && Canonical.equal(fingerprint.get("size"), size);
    }

    private static boolean fileMatches(DatasetVersion latest, FileOps.Digest file) {
        if (!(latest.source().get("fingerprint") instanceof Map<?, ?> fingerprint)) return false;
        return file.sha256().equals(fingerprint.get("sha256")) && Canonical.equal(fingerprint.get("size"), file.size());
    }

    private static boolean fingerprintMatches(DatasetVersion latest, Map<String, Object> fingerprint) {
        return latest.source().get("fingerprint") instanceof Map<?, ?> stored && Canonical.equal(stored, fingerprint);
    }

    /**
     * Deletes temporary files of earlier runs of this dataset that are not running any more (a crash, a
     * kill): the caller holds the dataset's lock, so no run of this process is writing them.
     */
    private void removeLeftovers(Path stagingDir) {
        try (Stream<Path> files = Files.list(stagingDir)) {
            files.filter(f -> f.getFileName().toString().startsWith(TMP_PREFIX)).forEach(f -> {
                String name = f.getFileName().toString();
                String runId = name.substring(TMP_PREFIX.length()).replaceFirst("\\.parquet$", "");
                boolean live = !runId.equals(run.id()) && uninterrupted(() -> catalog.run(run.projectId(), runId))
                        .map(r -> !r.status().isTerminal()).orElse(false);
                if (!live) {
                    FileOps.deleteQuietly(f);
                    log("removed the leftover temporary file {} of an earlier ingest", name);
                }
            });
        } catch (IOException | RuntimeException e) {
            log("could not tidy the staging folder: {}", e.toString());
        }
    }

    /** @return nanoseconds as seconds with two decimals, for the run log */
    private static String seconds(long nanos) {
        return seconds(nanos / 1e9);
    }

    private static String seconds(double seconds) {
        return String.format(java.util.Locale.ROOT, "%.2f", seconds);
    }

    private void checkCancelled() {
        if (context.isCancelled()) throw cancelled();
    }

    private static CancellationException cancelled() {
        return new CancellationException("cancelled; no new version");
    }

    private void log(String message, Object... args) {
        org.slf4j.helpers.FormattingTuple formatted = org.slf4j.helpers.MessageFormatter.arrayFormat(message, args);
        context.log("{}", masker.mask(formatted.getMessage()));
    }

    /**
     * Calls the catalog with the interrupt flag cleared (its connection pool refuses interrupted threads,
     * and a cancel interrupts the run's thread), and restores the flag afterwards.
     */
    static <T> T uninterrupted(Supplier<T> call) {
        boolean interrupted = Thread.interrupted();
        try {
            return call.get();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}

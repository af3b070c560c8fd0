package org.dataanalyst.profiling.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.Column;
import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.catalog.Catalog;
import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.api.profile.ProfileService;
import org.dataanalyst.api.profile.ProfileSummary;
import org.dataanalyst.api.run.RunContext;
import org.dataanalyst.spi.profiler.Accumulator;
import org.dataanalyst.spi.profiler.Metric;
import org.dataanalyst.spi.profiler.MetricValues;
import org.dataanalyst.spi.profiler.ProfileInput;
import org.dataanalyst.spi.profiler.Profilers;
import org.dataanalyst.spi.profiler.Section;

/**
 * One profile run: resolves the version, opens an engine session on the workspace with the view
 * {@code data} over the staged Parquet, then
 * <ol>
 * <li><b>rounds</b>: asks every profiler for its metrics and computes all of a round's metrics in one fused
 * scan ({@link FusedScan}), until no profiler asks for more or {@code max_rounds} is reached;</li>
 * <li><b>accumulate</b>: feeds the accumulators of every profiler from one shared scan, in the file's row
 * order (a reservoir sample of at most {@code sample_rows} rows, still in that order, when the version has
 * more);</li>
 * <li><b>interpret</b>: asks every profiler for its section;</li>
 * <li><b>write</b>: {@code profile.json} and {@code profile.html} in the run's folder (artifacts), each written
 * atomically, and the dataset's {@link ProfileSummary} (status, alert and check counts) in the catalog.</li>
 * </ol>
 * Profiler code runs in the {@link Sandbox}: whatever it throws, a metric that fails in the engine, or running
 * out of its time budget fails that profiler's section only.
 */
final class ProfileJob {

    /** Name of the profile document in the run's folder. */
    static final String JSON_FILE = "profile.json";
    /** Name of the report in the run's folder. */
    static final String HTML_FILE = "profile.html";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunContext context;
    private final Catalog catalog;
    private final Engine engine;
    private final Lineup lineup;
    private final Settings settings;
    private final List<Failure> failures = new ArrayList<>();
    private final Map<String, Long> timings = new LinkedHashMap<>();
    /** Checks the platform itself adds (rules no profiler evaluates). */
    private final List<Map<String, Object>> platformChecks = new ArrayList<>();

    private Dataset dataset;
    private DatasetVersion version;
    private List<Slot> slots = List.of();
    private int rounds;
    private int metrics;
    private int metricScans;
    private int memorySplits;
    private int probes;
    private int accumulatorScans;
    private long accumulatorRows;
    private boolean accumulatorSampled;
    private int profilerQueries;

    ProfileJob(RunContext context, Catalog catalog, Engine engine, Lineup lineup, Settings settings) {
        this.context = context;
        this.catalog = catalog;
        this.engine = engine;
        this.lineup = lineup;
        this.settings = settings;
    }

    void execute() throws Exception {
        long t0 = System.nanoTime();
        Run run = context.run();
        try {
            run(run, t0);
        } catch (CancellationException | InterruptedException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            if (dataset != null && !context.isCancelled()) {
                writeFailedSummary(run, e);
            }
            throw e;
        }
    }

    private void run(Run run, long t0) throws Exception {
        if (run.datasetId() == null) {
            throw new IllegalArgumentException("a profile run needs a dataset");
        }
        dataset = catalog.dataset(run.projectId(), run.datasetId()).orElseThrow(() -> new IllegalStateException(
                "dataset " + run.datasetId() + " does not exist any more"));
        version = resolveVersion(run);
        DatasetVersion previous = version.number() > 1 ? catalog.version(dataset.id(), version.number() - 1).orElse(null) : null;
        Path workspace = context.workspace().toRealPath();
        String relative = "staging/" + dataset.id() + "/v" + version.number() + ".parquet";
        Path staged = workspace.resolve(relative);
        if (!Files.isRegularFile(staged)) {
            throw new IllegalStateException("the staged data of version " + version.number() + " of dataset '" + dataset.name()
                    + "' is missing (" + relative + " in the project's workspace); ingest the source again");
        }
        Params params = Params.parse(run.params(), null);
        for (String name : params.options().keySet()) {
            if (!lineup.members().containsKey(name)) {
                context.log("options given for profiler '{}', which is not running now; ignored", name);
            }
        }
        for (Lineup.Problem problem : lineup.problems()) {
            failures.add(new Failure(problem.name(), problem.entry().origin(), Failure.METRICS, problem.reason()));
            context.log("profiler of {} {}", problem.entry().origin(), problem.reason());
        }
        for (String note : lineup.notes()) {
            context.log(note);
        }
        long budgetNanos = settings.budget().toNanos();
        List<Slot> all = new ArrayList<>();
        lineup.members().values().forEach(m -> all.add(new Slot(m, params.of(m.name()),
                Rules.of(m, params.rules(), lineup), budgetNanos)));
        slots = all;
        unevaluatedRules(params.rules());
        context.log("profiling version {} of dataset '{}' ({} rows, {} columns) with {} profilers: {}", version.number(),
                dataset.name(), version.rowCount(), version.schema().columns().size(), slots.size(), lineup.names());
        if (slots.isEmpty()) {
            context.log("no profiler is running: the profile has no sections");
        }

        String file = Profilers.literal(staged.toString());
        String viewSql = "CREATE VIEW " + ProfileInput.DATA + " AS SELECT * FROM read_parquet(" + file + ")";
        String orderedViewSql = "CREATE VIEW " + ProfileInput.DATA_IN_FILE_ORDER + " AS SELECT * RENAME (file_row_number AS "
                + ProfileInput.ROW + ") FROM read_parquet(" + file + ", file_row_number = true)";
        Sandbox.Listener listener = this::failed;
        try (EngineSession session = engine.open(workspace);
             ProfilerQueries queries = new ProfilerQueries(engine, workspace, viewSql, orderedViewSql);
             Sandbox sandbox = new Sandbox(run.id(), settings.budget(), listener)) {
            session.execute(viewSql);
            for (Slot slot : slots) {
                slot.input = new Input(slot, dataset, version, previous, queries, context);
            }
            FusedScan fused = new FusedScan(session, context, listener);
            long t = System.nanoTime();
            rounds(fused, sandbox);
            timings.put("metrics", millisSince(t));
            metricScans = fused.scans();
            memorySplits = fused.memorySplits();
            probes = fused.probes();
            context.progress(0.6, "accumulators");

            t = System.nanoTime();
            accumulate(session, sandbox, staged);
            timings.put("accumulate", millisSince(t));
            context.progress(0.8, "interpreting");

            t = System.nanoTime();
            interpret(sandbox);
            timings.put("interpret", millisSince(t));
            profilerQueries = queries.scans();
        }
        checkCancelled();
        context.progress(0.9, "writing the profile");
        write(run, t0);
    }

    private DatasetVersion resolveVersion(Run run) {
        if (run.datasetVersionId() != null) {
            DatasetVersion v = catalog.version(run.datasetVersionId()).orElseThrow(() -> new IllegalStateException(
                    "dataset version " + run.datasetVersionId() + " does not exist any more"));
            if (!v.datasetId().equals(dataset.id())) {
                throw new IllegalStateException("dataset version " + v.id() + " is not a version of dataset " + dataset.id());
            }
            return v;
        }
        DatasetVersion latest = catalog.latestVersion(dataset.id()).orElseThrow(() -> new IllegalStateException(
                "dataset '" + dataset.name() + "' has no version to profile; ingest data into it first"));
        try {
            catalog.updateRunDatasetVersion(run.projectId(), run.id(), latest.id());
        } catch (RuntimeException e) {
            context.log("could not record version {} on the run: {}", latest.id(), e.toString());
        }
        context.log("no version asked for: profiling the latest, version {} ({})", latest.number(), latest.id());
        return latest;
    }

    /**
     * A declared rule whose type no running profiler evaluates (its plugin was removed since it was declared)
     * is not silently dropped: it becomes a failed check saying so.
     */
    private void unevaluatedRules(List<Map<String, Object>> rules) {
        for (int i = 0; i < rules.size(); i++) {
            Map<String, Object> rule = rules.get(i);
            String type = String.valueOf(rule.get("type"));
            if (lineup.ruleOwner(type) != null) continue;
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("profiler", null);
            check.put("name", "rule:" + (rule.get("name") instanceof String n && !n.isBlank() ? n : type));
            check.put("column", rule.get("column") instanceof String c ? c : null);
            check.put("status", "fail");
            check.put("observed", null);
            check.put("threshold", null);
            check.put("message", "rule " + (i + 1) + " (" + type + ") was not checked: no running profiler evaluates rules "
                    + "of type '" + type + "'");
            platformChecks.add(check);
            context.log("rule {} ({}) was not checked: no running profiler evaluates rules of type '{}'", i + 1, type, type);
        }
        if (!rules.isEmpty()) {
            context.log("{} rule check(s) to evaluate", rules.size());
        }
    }

    // --- rounds of metrics ---

    private void rounds(FusedScan fused, Sandbox sandbox) throws InterruptedException {
        Set<String> columns = new HashSet<>();
        version.schema().columns().forEach(c -> columns.add(c.name()));
        for (int round = 0; round < settings.maxRounds(); round++) {
            checkCancelled();
            long t = System.nanoTime();
            List<FusedScan.Item> items = new ArrayList<>();
            int asking = 0;
            for (Slot slot : slots) {
                if (!slot.alive() || slot.done) continue;
                int r = round;
                MetricValues earlier = slot.metricValues();
                List<Metric> asked = sandbox.call(slot, Failure.METRICS, "naming its metrics of round " + round,
                        () -> slot.profiler().metrics(slot.input, r, earlier));
                if (!slot.alive()) continue;
                if (asked == null || asked.isEmpty()) {
                    slot.done = true;
                    continue;
                }
                String problem = problem(asked, columns);
                if (problem != null) {
                    fail(slot, Failure.METRICS, problem + " (round " + round + ")");
                    continue;
                }
                for (Metric m : asked) {
                    items.add(new FusedScan.Item(slot, m, "m" + items.size()));
                }
                slot.metricCount += asked.size();
                asking++;
            }
            if (items.isEmpty()) break;
            int before = fused.scans();
            fused.run(round, items, settings.maxMetricsPerScan(), settings.columnsPerScan(version.rowCount()));
            rounds++;
            metrics += items.size();
            context.log("round {}: {} metrics of {} profilers in {} scan(s), {} ms", round, items.size(), asking,
                    fused.scans() - before, millisSince(t));
            context.progress(0.1 + 0.5 * (round + 1) / settings.maxRounds(), "round " + round + " computed");
        }
    }

    /** @return what is wrong with a profiler's metrics of one round, or {@code null} */
    private static String problem(List<Metric> metrics, Set<String> columns) {
        Set<String> keys = new HashSet<>();
        for (Metric m : metrics) {
            if (m == null) return "its metrics include null";
            if (m.sql().isBlank()) return "metric '" + m.key() + "' has no SQL";
            if (m.column() != null && !columns.contains(m.column())) {
                return "metric '" + m.key() + "' is about column '" + m.column() + "', which the version does not have";
            }
            if (!keys.add(m.key())) return "metric '" + m.key() + "' is asked for twice";
        }
        return null;
    }

    // --- accumulators ---

    /** One accumulator and where its columns are in the shared rows. */
    private record Feed(Accumulator accumulator, int[] positions, long wanted) {
    }

    /** An accumulator as it described itself. */
    private record Described(Accumulator accumulator, List<String> columns, long sampleRows) {
    }

    private void accumulate(EngineSession session, Sandbox sandbox, Path staged) throws InterruptedException {
        checkCancelled();
        List<String> schemaOrder = version.schema().columns().stream().map(Column::name).toList();
        Map<Slot, List<Described>> described = new LinkedHashMap<>();
        for (Slot slot : slots) {
            if (!slot.alive()) continue;
            List<Described> list = sandbox.call(slot, Failure.ACCUMULATE, "creating its accumulators",
                    () -> describe(slot, schemaOrder));
            if (!slot.alive() || list == null || list.isEmpty()) continue;
            slot.accumulators = list.stream().map(Described::accumulator).toList();
            described.put(slot, list);
        }
        if (described.isEmpty()) {
            return;
        }

        // the columns any accumulator needs, in schema order
        Set<String> needed = new HashSet<>();
        described.values().forEach(list -> list.forEach(d -> needed.addAll(d.columns())));
        List<String> shared = schemaOrder.stream().filter(needed::contains).toList();
        Map<String, Integer> position = new LinkedHashMap<>();
        for (int i = 0; i < shared.size(); i++) position.put(shared.get(i), i);

        long most = 0;
        Map<Slot, List<Feed>> feeds = new LinkedHashMap<>();
        for (Map.Entry<Slot, List<Described>> e : described.entrySet()) {
            List<Feed> list = new ArrayList<>();
            for (Described d : e.getValue()) {
                int[] positions = d.columns().stream().mapToInt(position::get).toArray();
                long wanted = d.sampleRows() <= 0 ? settings.sampleRows() : Math.min(d.sampleRows(), settings.sampleRows());
                most = Math.max(most, wanted);
                list.add(new Feed(d.accumulator(), positions, wanted));
            }
            feeds.put(e.getKey(), list);
        }

        long t = System.nanoTime();
        try {
            feed(session, sandbox, staged, shared, feeds, most);
        } catch (EngineException e) {
            // the shared scan itself failed (out of memory…): every profiler that wanted rows loses its section
            for (Slot slot : feeds.keySet()) {
                fail(slot, Failure.ACCUMULATE, "the shared accumulator scan failed in the engine: " + e.getMessage());
            }
            return;
        }
        context.log("accumulators: {} of {} profilers fed {} rows{} in 1 scan, {} ms",
                feeds.values().stream().mapToInt(List::size).sum(), feeds.size(), accumulatorRows,
                accumulatorSampled ? " (a reservoir sample of " + version.rowCount() + " rows, seed 42)" : "", millisSince(t));
    }

    /** Copies the rows (or a sample) into a temporary table once and hands it page by page to every accumulator. */
    private void feed(EngineSession session, Sandbox sandbox, Path staged, List<String> shared,
                      Map<Slot, List<Feed>> feeds, long most) throws InterruptedException {
        String columnList = String.join(", ", shared.stream().map(Profilers::quote).toList());
        accumulatorSampled = version.rowCount() > most;
        String sample = accumulatorSampled ? " USING SAMPLE reservoir(" + most + " ROWS) REPEATABLE (42)" : "";
        // in the staged file's row order (file_row_number), also when sampled; __analyst_i numbers them 0, 1, 2…
        String ordered = "CREATE TEMP TABLE __accumulate AS SELECT row_number() OVER (ORDER BY __analyst_row) - 1 AS "
                + "__analyst_i, " + columnList + " FROM (SELECT file_row_number AS __analyst_row, " + columnList
                + " FROM read_parquet(" + Profilers.literal(staged.toString()) + ", file_row_number = true)" + sample + ")";
        try {
            session.execute(ordered);
        } catch (EngineException e) {
            // e.g. the data has a column called file_row_number: feed the rows in no particular order
            context.log("accumulators: cannot keep the file's row order ({}); rows come in no particular order",
                    e.getMessage());
            session.execute("CREATE TEMP TABLE __accumulate AS SELECT row_number() OVER () - 1 AS __analyst_i, "
                    + columnList + " FROM data" + sample);
        }
        accumulatorScans++;
        long total = ((Number) session.query("SELECT count(*) FROM __accumulate").single()).longValue();
        accumulatorRows = total;
        int page = (int) Math.max(256, Math.min(65_536, 2_000_000L / Math.max(1, shared.size())));
        for (long from = 0; from < total; from += page) {
            checkCancelled();
            QueryResult rows = session.query("SELECT " + columnList + " FROM __accumulate WHERE __analyst_i >= " + from
                    + " AND __analyst_i < " + (from + page) + " ORDER BY __analyst_i");
            long first = from;
            for (Map.Entry<Slot, List<Feed>> e : feeds.entrySet()) {
                Slot slot = e.getKey();
                if (!slot.alive()) continue;
                sandbox.call(slot, Failure.ACCUMULATE, "accumulating rows", () -> {
                    for (Feed feed : e.getValue()) {
                        feedRows(feed, rows, first, total);
                    }
                    return null;
                });
            }
        }
        session.execute("DROP TABLE __accumulate");
    }


    /** Runs in the sandbox: the profiler's accumulators, checked. */
    private static List<Described> describe(Slot slot, List<String> schemaOrder) throws Exception {
        List<Accumulator> list = slot.profiler().accumulators(slot.input);
        List<Described> out = new ArrayList<>();
        if (list == null) return out;
        Set<String> names = new HashSet<>();
        for (Accumulator a : list) {
            if (a == null) throw new IllegalStateException("its accumulators include null");
            String name = a.name();
            if (name == null || !names.add(name)) {
                throw new IllegalStateException("accumulator name '" + name + "' is missing or used twice");
            }
            List<String> columns = a.columns();
            if (columns == null || columns.isEmpty()) {
                throw new IllegalStateException("accumulator '" + name + "' names no columns");
            }
            for (String c : columns) {
                if (!schemaOrder.contains(c)) {
                    throw new IllegalStateException("accumulator '" + name + "' needs column '" + c
                            + "', which the version does not have");
                }
            }
            out.add(new Described(a, List.copyOf(columns), a.sampleRows()));
        }
        return out;
    }

    /** Feeds the rows of one page that belong to the accumulator's evenly spread share of the {@code total} rows. */
    private static void feedRows(Feed feed, QueryResult rows, long first, long total) {
        boolean all = feed.wanted() >= total;
        for (int i = 0; i < rows.rows().size(); i++) {
            long index = first + i;
            if (!all && (index * feed.wanted()) / total == ((index + 1) * feed.wanted()) / total) {
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("interrupted");
            }
            List<Object> row = rows.rows().get(i);
            Object[] values = new Object[feed.positions().length];
            for (int j = 0; j < values.length; j++) values[j] = row.get(feed.positions()[j]);
            feed.accumulator().accept(values);
        }
    }

    // --- interpret ---

    /** A section made JSON-compatible. */
    private record Built(Map<String, Object> content, List<Map<String, Object>> alerts, List<Map<String, Object>> checks) {
    }

    private Map<Slot, Built> built = new LinkedHashMap<>();

    private void interpret(Sandbox sandbox) throws InterruptedException {
        checkCancelled();
        for (Slot slot : slots) {
            if (!slot.alive()) continue;
            long t = System.nanoTime();
            MetricValues values = slot.metricValues();
            Built b = sandbox.call(slot, Failure.INTERPRET, "interpreting its values", () -> {
                Section section = slot.profiler().interpret(slot.input, values, slot.accumulators);
                if (section == null) throw new IllegalStateException("interpret returned no section");
                return build(slot.name(), section);
            });
            if (slot.alive() && b != null) {
                built.put(slot, b);
                context.log("profiler '{}': section with {} alerts and {} checks, interpreted in {} ms", slot.name(),
                        b.alerts().size(), b.checks().size(), millisSince(t));
            }
        }
    }

    private static Built build(String profiler, Section section) {
        Map<String, Object> content = JsonValues.normalizeMap(section.content());
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Section.Alert a : section.alerts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("profiler", profiler);
            m.put("kind", a.kind());
            m.put("column", a.column());
            m.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
            m.put("message", a.message());
            alerts.add(m);
        }
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Section.Check c : section.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("profiler", profiler);
            m.put("name", c.name());
            m.put("column", c.column());
            m.put("status", c.status().name().toLowerCase(Locale.ROOT));
            m.put("observed", JsonValues.normalize(c.observed()));
            m.put("threshold", JsonValues.normalize(c.threshold()));
            m.put("message", c.message());
            checks.add(m);
        }
        return new Built(content, alerts, checks);
    }

    // --- the documents ---

    private void write(Run run, long t0) throws IOException {
        long t = System.nanoTime();
        for (Slot slot : slots) {
            if (slot.failure() != null) failures.add(slot.failure());
        }
        Map<String, Object> profile = document(run, millisSince(t0));
        byte[] json = JSON.writeValueAsBytes(profile);
        byte[] html = ProfileHtml.render(profile).getBytes(StandardCharsets.UTF_8);
        Path dir = context.directory();
        AtomicFiles.write(dir.resolve(JSON_FILE), json);
        context.addArtifact(dir.resolve(JSON_FILE), ProfileService.JSON_ARTIFACT_TYPE, "application/json");
        AtomicFiles.write(dir.resolve(HTML_FILE), html);
        context.addArtifact(dir.resolve(HTML_FILE), ProfileService.HTML_ARTIFACT_TYPE,
                "text/html; charset=utf-8");
        writeSummary(run, profile);
        context.log("wrote profile.json ({} bytes), profile.html ({} bytes) and the summary in {} ms", json.length,
                html.length, millisSince(t));
        context.log("profile of version {} of dataset '{}' done in {} ms: {} sections, {} failures, {} alerts, {} checks, {} scans",
                version.number(), dataset.name(), millisSince(t0), built.size(), failures.size(),
                ((List<?>) profile.get("alerts")).size(), ((List<?>) profile.get("checks")).size(),
                ((Map<?, ?>) profile.get("engine")).get("scans"));
    }

    private Map<String, Object> document(Run run, long durationMs) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "data-analyst/profile");
        doc.put("format_version", 1);
        doc.put("run_id", run.id());
        doc.put("generated_at", Instant.now().toString());
        doc.put("duration_ms", durationMs);
        Map<String, Object> ds = new LinkedHashMap<>();
        ds.put("id", dataset.id());
        ds.put("name", dataset.name());
        ds.put("version", version.number());
        ds.put("version_id", version.id());
        ds.put("rows", version.rowCount());
        ds.put("columns", version.schema().columns().size());
        doc.put("dataset", ds);

        List<Map<String, Object>> profilers = new ArrayList<>();
        Map<String, Object> sections = new LinkedHashMap<>();
        List<Map<String, Object>> alerts = new ArrayList<>();
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Slot slot : slots) {
            Built b = slot.alive() ? built.get(slot) : null;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", slot.name());
            p.put("title", slot.member.descriptor().title());
            p.put("bundle", slot.origin());
            p.put("status", b != null ? "ok" : "failed");
            p.put("metrics", slot.metricCount);
            p.put("time_ms", TimeUnit.NANOSECONDS.toMillis(Math.max(0, settings.budget().toNanos() - slot.budgetLeftNanos)));
            profilers.add(p);
            if (b != null) {
                sections.put(slot.name(), b.content());
                alerts.addAll(b.alerts());
                checks.addAll(b.checks());
            }
        }
        checks.addAll(platformChecks);
        doc.put("profilers", profilers);
        doc.put("sections", sections);
        doc.put("alerts", alerts);
        doc.put("checks", checks);
        List<Map<String, Object>> failed = new ArrayList<>();
        for (Failure f : failures) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("profiler", f.profiler());
            m.put("bundle", f.bundle());
            m.put("stage", f.stage());
            m.put("reason", f.reason());
            failed.add(m);
        }
        doc.put("failures", failed);
        Map<String, Object> eng = new LinkedHashMap<>();
        eng.put("scans", metricScans + accumulatorScans + profilerQueries);
        eng.put("metrics", metrics);
        eng.put("rounds", rounds);
        eng.put("metric_scans", metricScans);
        eng.put("memory_splits", memorySplits);
        eng.put("plan_checks", probes);
        eng.put("accumulator_scans", accumulatorScans);
        eng.put("accumulator_rows", accumulatorRows);
        eng.put("accumulator_sampled", accumulatorSampled);
        eng.put("profiler_queries", profilerQueries);
        eng.put("timings_ms", new LinkedHashMap<>(timings));
        doc.put("engine", eng);
        return doc;
    }

    /** Records how the run ended on the dataset (what the dataset list and page show of its profile). */
    private void writeSummary(Run run, Map<String, Object> profile) {
        Map<String, Integer> alerts = new LinkedHashMap<>();
        alerts.put("info", 0);
        alerts.put("warning", 0);
        for (Object a : (List<?>) profile.get("alerts")) {
            alerts.merge(String.valueOf(((Map<?, ?>) a).get("severity")), 1, Integer::sum);
        }
        Map<String, Integer> checks = new LinkedHashMap<>();
        checks.put("pass", 0);
        checks.put("warn", 0);
        checks.put("fail", 0);
        for (Object c : (List<?>) profile.get("checks")) {
            checks.merge(String.valueOf(((Map<?, ?>) c).get("status")), 1, Integer::sum);
        }
        catalog.putProfileSummary(new ProfileSummary(dataset.id(), run.id(), RunStatus.SUCCEEDED, version.number(), alerts,
                checks, ((List<?>) profile.get("failures")).size(), Instant.now(), null));
    }

    private void writeFailedSummary(Run run, Throwable failure) {
        try {
            catalog.putProfileSummary(new ProfileSummary(dataset.id(), run.id(), RunStatus.FAILED,
                    version == null ? null : version.number(), Map.of(), Map.of(), 0, Instant.now(), Failures.describe(failure)));
        } catch (RuntimeException e) {
            context.log("could not record the failed profile on dataset '{}': {}", dataset.name(), e.toString());
        }
    }

    // --- helpers ---

    /** Fails a profiler's section for a reason found here. */
    private void fail(Slot slot, String stage, String reason) {
        if (slot.fail(stage, reason)) {
            failed(slot, stage, reason, null);
        }
    }

    /** Logs a failure the slot has recorded (here, in the {@link Sandbox} or the {@link FusedScan}); with its stack trace. */
    private void failed(Slot slot, String stage, String reason, Throwable cause) {
        if (cause == null) {
            context.log("profiler '{}' ({}) failed at stage {}: {}", slot.name(), slot.origin(), stage, reason);
        } else {
            context.log("profiler '{}' ({}) failed at stage {}: {}", slot.name(), slot.origin(), stage, reason, cause);
        }
    }

    private void checkCancelled() {
        if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("the profile run was cancelled");
        }
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}

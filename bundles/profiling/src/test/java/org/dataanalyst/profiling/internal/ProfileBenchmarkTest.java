package org.dataanalyst.profiling.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Ids;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.Schema;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.profile.ProfileService;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.engine.duckdb.internal.DuckDbEngine;
import org.dataanalyst.profiler.columns.internal.ColumnsProfiler;
import org.dataanalyst.profiler.quality.internal.QualityProfiler;
import org.dataanalyst.spi.profiler.Profilers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a correctness test: the profile run with the real profilers against DuckDB's own {@code SUMMARIZE} of the
 * same staged Parquet, on the orders data of {@code bench/Generator.java} (20 columns, ~5 % NULLs, ~1 % duplicate
 * rows), the way {@code bench/profile.sh} compares them, without the server. Opt-in:
 *
 * <pre>./mvnw -o -q install -pl bundles/profiling -Dtest=ProfileBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench.profile.rows=1000000 [-Dbench.profile.runs=5] [-Dbench.profile.dir=/path/kept/between/runs]
 *     [-Dbench.profile.parquet=/path/of/another.parquet] [-Dbench.profile.memory=1GB]</pre>
 *
 * The engine has the platform's defaults ({@code memory_limit=1GB}, 2 threads); {@code SUMMARIZE} runs through a
 * plain DuckDB connection with DuckDB's defaults (as in bench/ProfileBench.java). Runs alternate; prints each run,
 * the phases of the profile (from its {@code engine.timings_ms} and run log) and the medians.
 */
@EnabledIfSystemProperty(named = "bench.profile.rows", matches = "\\d+")
class ProfileBenchmarkTest extends ProfileFixture {

    private static final Pattern ROUND = Pattern.compile("round (\\d): (\\d+) metrics of \\d+ profilers in (\\d+) scan\\(s\\), (\\d+) ms");

    @Test
    void profileAgainstSummarize() throws Exception {
        long rows = Long.parseLong(System.getProperty("bench.profile.rows"));
        int repeats = Integer.getInteger("bench.profile.runs", 5);
        String memory = System.getProperty("bench.profile.memory", "1GB");
        Path folder = System.getProperty("bench.profile.dir") == null ? dir.resolve("bench")
                : Path.of(System.getProperty("bench.profile.dir"));
        Files.createDirectories(folder);
        Path parquet = System.getProperty("bench.profile.parquet") != null
                ? Path.of(System.getProperty("bench.profile.parquet")) : orders(folder, rows);

        engine.close();
        engine = new DuckDbEngine(memory, 2, dir.resolve("engine-bench-tmp"), "20GB");
        start(Settings.DEFAULT);
        registry.add(new ColumnsProfiler(), "org.dataanalyst.profiler.columns", "0.1.0");
        registry.add(new QualityProfiler(), "org.dataanalyst.profiler.quality", "0.1.0");
        DatasetVersion version = stageCopy("orders", parquet);

        List<Double> summarize = new ArrayList<>();
        List<Double> profile = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        Path staged = workspace.resolve("staging").resolve(version.datasetId()).resolve("v1.parquet");
        try (Connection duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties());
             Statement statement = duck.createStatement()) {
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                statement.execute("SUMMARIZE SELECT * FROM read_parquet(" + Profilers.literal(staged.toString()) + ")");
                double s = (System.nanoTime() - t0) / 1e9;
                Run run = succeeded(awaitLong(runs.submit(projectId, new RunRequest(ProfileService.RUN_TYPE,
                        version.datasetId(), version.id(), Map.of(), true)).run()));
                double p = Duration.between(run.startedAt(), run.finishedAt()).toNanos() / 1e9;
                JsonNode json = profileJson(run);
                if (json.get("failures").size() > 0) {
                    throw new AssertionError("a profiler failed: " + json.get("failures") + "\n" + log(run));
                }
                summarize.add(s);
                profile.add(p);
                ratios.add(p / s);
                StringBuilder rounds = new StringBuilder();
                Matcher m = ROUND.matcher(log(run));
                while (m.find()) {
                    rounds.append(String.format(Locale.ROOT, " r%s=%s ms (%s metrics, %s scans)", m.group(1), m.group(4),
                            m.group(2), m.group(3)));
                }
                if (System.getProperty("bench.profile.log") != null) System.out.println(log(run));
                System.out.printf(Locale.ROOT, "bench: run %d: SUMMARIZE %.2f s, profile %.2f s, ratio %.2f;%s; timings %s; "
                        + "engine scans %s%n", i + 1, s, p, p / s, rounds, json.at("/engine/timings_ms"),
                        json.at("/engine/scans"));
            }
        }
        System.out.printf(Locale.ROOT, "bench: %,d rows x %d columns, %d runs, load %s: median SUMMARIZE %.2f s, median "
                        + "profile %.2f s, median ratio %.2f (ratios %s)%n", rows, version.schema().columns().size(), repeats,
                Files.readString(Path.of("/proc/loadavg")).strip(), median(summarize), median(profile), median(ratios),
                ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
    }

    private Run awaitLong(Run run) throws InterruptedException {
        while (true) {
            Run current = runs.get(projectId, run.id());
            if (current.status().isTerminal()) return current;
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** The orders data of bench/Generator.java as Parquet (DuckDB's CSV types), generated once per folder. */
    private Path orders(Path folder, long rows) throws IOException, InterruptedException {
        Path parquet = folder.resolve("orders-" + rows + ".parquet");
        if (Files.exists(parquet)) {
            return parquet;
        }
        Path csv = folder.resolve("orders-" + rows + ".csv");
        if (!Files.exists(csv)) {
            Path generator = Path.of("").toAbsolutePath().resolve("../../bench/Generator.java").normalize();
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(java, generator.toString(), Long.toString(rows), csv.toString()).inheritIO().start();
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("bench/Generator.java failed");
            }
        }
        Path part = folder.resolve(parquet.getFileName() + ".part");
        try (Connection duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties());
             Statement statement = duck.createStatement()) {
            statement.execute("SET preserve_insertion_order = true");
            statement.execute("COPY (SELECT * FROM read_csv(" + Profilers.literal(csv.toString()) + ")) TO "
                    + Profilers.literal(part.toString()) + " (FORMAT parquet)");
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }
        Files.move(part, parquet);
        return parquet;
    }

    /** A dataset whose version 1 is a copy of a Parquet file. */
    private DatasetVersion stageCopy(String name, Path parquet) throws IOException {
        Dataset dataset = new Dataset(Ids.next('d'), projectId, name, Instant.now());
        catalog.insertDataset(dataset);
        Path file = workspace.resolve("staging").resolve(dataset.id()).resolve("v1.parquet");
        Files.createDirectories(file.getParent());
        Files.copy(parquet, file);
        List<Column> columns = new ArrayList<>();
        long count;
        try (EngineSession s = engine.open(workspace)) {
            String literal = Profilers.literal(file.toString());
            for (List<Object> row : s.query("DESCRIBE SELECT * FROM read_parquet(" + literal + ")").rows()) {
                columns.add(new Column((String) row.get(0), (String) row.get(1), "YES".equals(row.get(2))));
            }
            count = ((Number) s.query("SELECT count(*) FROM read_parquet(" + literal + ")").single()).longValue();
        }
        DatasetVersion version = new DatasetVersion(Ids.next('v'), dataset.id(), 1, count, Files.size(file),
                new Schema(columns), Map.of("kind", "test"), null, Instant.now(), null);
        catalog.insertVersion(version);
        return version;
    }
}

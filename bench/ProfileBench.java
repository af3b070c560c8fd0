import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The profiling benchmark; run it through {@code bench/profile.sh}, which generates the CSVs with
 * {@code bench/Generator.java} and puts DuckDB's JDBC driver and Jackson on the class path. On the data
 * {@code bench/ingest.sh} uses (orders, 20 columns), staged through the platform, it measures:
 * <ol>
 *   <li>end to end at 1M rows: {@code POST …/datasets} of the CSV by server path → ingest run succeeded →
 *       {@code POST …/runs} profile → profile run succeeded: from the client's first request to the profile run's
 *       {@code finished_at} (server and client share the machine's clock), target ≤ 6 s, best of N;</li>
 *   <li>the platform's profile run ({@code started_at → finished_at}; profile.json and profile.html written) against
 *       DuckDB's own {@code SUMMARIZE SELECT * FROM read_parquet('<the staged file>')}, best of N each, interleaved,
 *       and the ratio (target ≤ 1.5) — at 1M rows, and at 10M with {@code --csv10m};</li>
 *   <li>with {@code --csv10m}: the peak RSS ({@code VmHWM} of /proc/&lt;pid&gt;/status) of a server process that
 *       only profiled the 10M-row version (it was ingested by an earlier process on the same data folder);
 *       target ≤ 2 GiB;</li>
 *   <li>20 against 200 columns at 100k rows (the 200-column file is the 20 columns ten times over, written by
 *       DuckDB as Parquet and ingested through the platform): the time ratio, target ≤ 10 (no worse than linear).</li>
 * </ol>
 * Prints one summary table at the end.
 */
public class ProfileBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern TOKEN = Pattern.compile("\\b(da_[A-Za-z0-9_-]{20,})");
    static final List<String[]> SUMMARY = new ArrayList<>();
    static final double GIB = 1024.0 * 1024 * 1024;

    static Path root;
    static Path work;
    static int runs = 3;

    public static void main(String[] args) throws Exception {
        Path csv = null;
        Path csv10m = null;
        Path csv100k = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--work" -> work = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--csv" -> csv = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--csv10m" -> csv10m = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--csv100k" -> csv100k = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (root == null || work == null || csv == null || csv100k == null) {
            throw new IllegalArgumentException(
                    "usage: ProfileBench --root REPO --work DIR --csv FILE --csv100k FILE [--csv10m FILE] [--runs N]");
        }
        long rows = countLines(csv) - 1;
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        System.out.println("bench: load average at start " + load + " (other work on the machine skews every figure)");
        String javaOpts = System.getenv().getOrDefault("BENCH_JAVA_OPTS", "");
        String memory = System.getenv().getOrDefault("BENCH_ENGINE_MEMORY", "");
        System.out.println("bench: engine memory_limit " + (memory.isBlank() ? "default (1GB)" : memory));

        List<Runnable> cleanups = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cleanups.forEach(Runnable::run)));
        Path data = freshDataFolder("data");
        Path csvLink = linkInto(csv, data.resolve("imports"));
        Path csv100kLink = linkInto(csv100k, data.resolve("imports"));
        Server server = Server.start(data, javaOpts, work.resolve("server.log"), null);
        cleanups.add(server::stop);
        try (Connection duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties());
             Statement statement = duck.createStatement()) {
            String project = server.createProject("bench");
            String label = String.format(Locale.ROOT, "%,d rows", rows);

            // 1. end to end: CSV -> ingest -> profile
            double e2e = Double.MAX_VALUE;
            String dataset = null;
            try {
                for (int i = 0; i < runs; i++) {
                    Instant t0 = Instant.now();
                    JsonNode ingest = server.ingest(project, "orders", Map.of("kind", "csv", "location", csvLink.toString()), i > 0);
                    requireSucceeded(ingest, "ingest");
                    dataset = ingest.get("dataset_id").asText();
                    JsonNode profile = server.profile(project, dataset, false);
                    // ends when the server finished the profile (same machine, same clock), not when a poll saw it
                    double s = Duration.between(t0, Instant.parse(profile.get("finished_at").asText())).toNanos() / 1e9;
                    server.check(project, profile, label);
                    System.out.printf(Locale.ROOT, "bench: end to end run %d: %.2f s (ingest run %.2f s, profile run %.2f s)%n",
                            i + 1, s, duration(ingest), duration(profile));
                    e2e = Math.min(e2e, s);
                }
                row("CSV " + label + " -> ingest + profile, end to end", seconds(e2e), "<= 6 s", verdict(e2e <= 6));
            } catch (IllegalStateException e) {
                row("CSV " + label + " -> ingest + profile, end to end", "FAILED", "<= 6 s", e.getMessage());
                if (dataset == null) {
                    throw e;
                }
            }

            // 2. profile vs SUMMARIZE at 1M
            Path staged = server.stagedFile(data, project, dataset);
            compare(server, statement, project, dataset, staged, label);

            // 4. 20 vs 200 columns at 100k rows
            long rows100k = countLines(csv100k) - 1;
            JsonNode narrowIngest = server.ingest(project, "narrow", Map.of("kind", "csv", "location", csv100kLink.toString()), false);
            requireSucceeded(narrowIngest, "ingest of the 100k-row CSV");
            String narrow = narrowIngest.get("dataset_id").asText();
            Path narrowFile = server.stagedFile(data, project, narrow);
            Path wideFile = data.resolve("imports/wide-" + rows100k + ".parquet");
            int wideColumns = widen(statement, narrowFile, wideFile, 10);
            JsonNode wideIngest = server.ingest(project, "wide", Map.of("kind", "parquet", "location", wideFile.toString()), false);
            requireSucceeded(wideIngest, "ingest of the wide Parquet file");
            String wide = wideIngest.get("dataset_id").asText();
            double t20 = Double.MAX_VALUE;
            double t200 = Double.MAX_VALUE;
            String small = String.format(Locale.ROOT, "%,d rows", rows100k);
            try {
                for (int i = 0; i < runs; i++) {
                    t20 = Math.min(t20, server.profileTimed(project, narrow, "20 columns", i));
                    t200 = Math.min(t200, server.profileTimed(project, wide, wideColumns + " columns", i));
                }
                row("profile " + small + " x 20 columns", seconds(t20), "", "");
                row("profile " + small + " x " + wideColumns + " columns", seconds(t200), "", "");
                double widthRatio = t200 / t20;
                row("ratio " + wideColumns + " / 20 columns", ratio(widthRatio), "<= 10", verdict(widthRatio <= 10));
            } catch (IllegalStateException e) {
                row("profile " + small + ": 20 vs " + wideColumns + " columns", "FAILED", "<= 10", e.getMessage());
            }
        } finally {
            server.stop();
        }

        if (csv10m != null) {
            tenMillion(csv10m, javaOpts);
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "== data-analyst profiling benchmark (%d cores, %,d rows x 20 columns, best of %d; "
                + "load average %s at start) ==%n", Runtime.getRuntime().availableProcessors(), rows, runs, load.split(" ")[0]);
        int w0 = SUMMARY.stream().mapToInt(r -> r[0].length()).max().orElse(10);
        int w1 = Math.max(8, SUMMARY.stream().mapToInt(r -> r[1].length()).max().orElse(8));
        for (String[] r : SUMMARY) {
            System.out.printf(Locale.ROOT, "%-" + w0 + "s  %" + w1 + "s  %-8s %s%n", r[0], r[1], r[2], r[3]);
        }
    }

    /** Profile runs against SUMMARIZE on the same staged file, interleaved, best of N each; prints the ratio. */
    static void compare(Server server, Statement statement, String project, String dataset, Path staged, String label)
            throws Exception {
        double duck = Double.MAX_VALUE;
        double platform = Double.MAX_VALUE;
        try {
            for (int i = 0; i < runs; i++) {
                duck = Math.min(duck, summarize(statement, staged, i));
                platform = Math.min(platform, server.profileTimed(project, dataset, label, i));
            }
        } catch (IllegalStateException e) {
            row("platform profile run, " + label, "FAILED", "<= 1.5", e.getMessage());
            return;
        }
        row("DuckDB SUMMARIZE, " + label + " (baseline)", seconds(duck), "", "");
        row("platform profile run, " + label, seconds(platform), "", "");
        double ratio = platform / duck;
        row("ratio profile / SUMMARIZE, " + label, ratio(ratio), "<= 1.5", verdict(ratio <= 1.5));
    }

    /** 10M rows: ingested by one process; profiled (timed, against SUMMARIZE) by a fresh one whose peak RSS is read. */
    static void tenMillion(Path csv, String javaOpts) throws Exception {
        long rows = countLines(csv) - 1;
        String label = String.format(Locale.ROOT, "%,d rows", rows);
        Path data = freshDataFolder("data-10m");
        Path link = linkInto(csv, data.resolve("imports"));
        Server ingester = Server.start(data, javaOpts, work.resolve("server-10m-ingest.log"), null);
        String project;
        String dataset;
        try {
            project = ingester.createProject("bench10m");
            JsonNode ingest = ingester.ingest(project, "orders", Map.of("kind", "csv", "location", link.toString()), false);
            requireSucceeded(ingest, "ingest of " + label);
            dataset = ingest.get("dataset_id").asText();
            System.out.printf(Locale.ROOT, "bench: ingest of %s: %.2f s%n", label, duration(ingest));
        } finally {
            ingester.stop();
        }
        Server server = Server.start(data, javaOpts, work.resolve("server-10m-profile.log"), ingester.token);
        try (Connection duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties());
             Statement statement = duck.createStatement()) {
            compare(server, statement, project, dataset, server.stagedFile(data, project, dataset), label);
            long hwm = server.peakRssKb() * 1024;
            row("peak RSS of the server, profiling " + label, String.format(Locale.ROOT, "%.2f GiB", hwm / GIB),
                    "<= 2 GiB", verdict(hwm <= 2 * GIB));
        } finally {
            server.stop();
        }
    }

    // ---------------------------------------------------------------------------------------------- DuckDB

    /** One run of DuckDB's own SUMMARIZE over the staged Parquet file, every row of its answer read. */
    static double summarize(Statement statement, Path parquet, int run) throws Exception {
        long t0 = System.nanoTime();
        int cells = 0;
        try (ResultSet rs = statement.executeQuery("SUMMARIZE SELECT * FROM read_parquet('" + sql(parquet) + "')")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int c = 1; c <= columns; c++) {
                    rs.getObject(c);
                    cells++;
                }
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "bench: DuckDB SUMMARIZE run %d: %.2f s (%d cells)%n", run + 1, s, cells);
        return s;
    }

    /** Writes the file's columns {@code copies} times over (renamed {@code name_k}) as Parquet; returns the column count. */
    static int widen(Statement statement, Path in, Path out, int copies) throws Exception {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + sql(in) + "')")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        List<String> select = new ArrayList<>();
        for (int k = 0; k < copies; k++) {
            for (String name : names) {
                select.add(quote(name) + (k == 0 ? "" : " AS " + quote(name + "_" + k)));
            }
        }
        Files.deleteIfExists(out);
        statement.execute("COPY (SELECT " + String.join(", ", select) + " FROM read_parquet('" + sql(in) + "')) TO '"
                + sql(out) + "' (FORMAT parquet)");
        return select.size();
    }

    // ---------------------------------------------------------------------------------------------- the platform

    /** The platform started through {@code ./analyst start} on a free port. */
    static final class Server {
        final Process process;
        final int port;
        final String token;
        final HttpClient http = HttpClient.newHttpClient();

        Server(Process process, int port, String token) {
            this.process = process;
            this.port = port;
            this.token = token;
        }

        /** @param knownToken the admin token of an earlier start of the same data folder, or null for a fresh one */
        static Server start(Path data, String javaOpts, Path log, String knownToken) throws Exception {
            Files.createDirectories(data.resolve("imports"));
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(root.resolve("analyst").toString(), "start", "--no-shell",
                    "--port", Integer.toString(port), "--data", data.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("ANALYST_NO_BUILD", "1");
            builder.environment().put("JAVA_OPTS", javaOpts);
            Process process = builder.start();
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the platform exited: " + Files.readString(log));
                }
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the platform did not start within 120 s: " + Files.readString(log));
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            if (knownToken != null) {
                return new Server(process, port, knownToken);
            }
            Matcher token = TOKEN.matcher(Files.readString(log));
            while (!token.find()) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the platform printed no admin token (a data folder used before?)");
                }
                TimeUnit.MILLISECONDS.sleep(100);
                token = TOKEN.matcher(Files.readString(log));
            }
            return new Server(process, port, token.group(1));
        }

        JsonNode send(String method, String path, Object body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + token);
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        }

        String createProject(String name) throws Exception {
            return send("POST", "/api/projects", Map.of("name", name + "-" + System.nanoTime())).get("id").asText();
        }

        /** Ingests and waits; returns the finished run. */
        JsonNode ingest(String project, String name, Map<String, Object> source, boolean force) throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("source", source);
            body.put("force", force);
            JsonNode accepted = send("POST", "/api/projects/" + project + "/datasets", body);
            return await(project, accepted.get("run").get("id").asText());
        }

        /** Profiles the dataset's latest version and waits; returns the finished run. */
        JsonNode profile(String project, String dataset, boolean force) throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "profile");
            body.put("dataset_id", dataset);
            body.put("force", force);
            JsonNode run = send("POST", "/api/projects/" + project + "/runs", body);
            return await(project, run.get("id").asText());
        }

        /**
         * One forced profile run, which must succeed, write profile.json and profile.html, and have no profiler
         * failures (a failed section would make the run faster, not the profile); returns its duration.
         */
        double profileTimed(String project, String dataset, String label, int run) throws Exception {
            JsonNode finished = profile(project, dataset, true);
            check(project, finished, label);
            double s = duration(finished);
            System.out.printf(Locale.ROOT, "bench: profile %s run %d: %.2f s%n", label, run + 1, s);
            return s;
        }

        /** Fails unless the profile run succeeded, wrote both artifacts and has no profiler failures. */
        void check(String project, JsonNode finished, String label) throws Exception {
            requireSucceeded(finished, "profile of " + label);
            Map<String, String> artifacts = new LinkedHashMap<>();
            send("GET", "/api/projects/" + project + "/runs/" + finished.get("id").asText() + "/artifacts", null)
                    .forEach(a -> artifacts.put(a.get("name").asText(), a.get("id").asText()));
            if (!artifacts.keySet().containsAll(List.of("profile.json", "profile.html"))) {
                throw new IllegalStateException("profile run " + finished.get("id").asText() + " wrote " + artifacts.keySet());
            }
            JsonNode profile = send("GET", "/api/projects/" + project + "/artifacts/" + artifacts.get("profile.json"), null);
            if (profile.path("failures").size() > 0) {
                JsonNode f = profile.get("failures").get(0);
                String reason = f.path("reason").asText().replaceAll("\\s+", " ");
                throw new IllegalStateException(String.format(Locale.ROOT, "profile of %s in %.2f s, but profiler '%s' failed at %s: %s",
                        label, duration(finished), f.path("profiler").asText(), f.path("stage").asText(),
                        reason.length() > 160 ? reason.substring(0, 160) + "…" : reason));
            }
        }

        /**
         * Polls the run until it ends: every 10 ms at first, backing off to every 100 ms. Each poll costs the
         * server CPU (and, in a freshly started server, JIT compilation) that the timed run competes with on two
         * cores: polling every 25 ms made a 2.4 s profile take 3.1–3.9 s. Timings use the run's own timestamps.
         */
        JsonNode await(String project, String runId) throws Exception {
            String runPath = "/api/projects/" + project + "/runs/" + runId;
            long pause = 10;
            while (true) {
                JsonNode run = send("GET", runPath, null);
                String status = run.get("status").asText();
                if (status.equals("succeeded") || status.equals("failed") || status.equals("cancelled")) {
                    return run;
                }
                TimeUnit.MILLISECONDS.sleep(pause);
                pause = Math.min(100, pause * 3 / 2);
            }
        }

        /** The staged Parquet file of the dataset's latest version (docs/datasets.md: staging/<dataset>/v<N>.parquet). */
        Path stagedFile(Path data, String project, String dataset) throws Exception {
            JsonNode details = send("GET", "/api/projects/" + project + "/datasets/" + dataset, null);
            int number = details.get("latest").get("number").asInt();
            Path file = data.resolve("projects").resolve(project).resolve("staging").resolve(dataset)
                    .resolve("v" + number + ".parquet");
            if (!Files.exists(file)) {
                throw new IllegalStateException("no staged file " + file);
            }
            return file;
        }

        long peakRssKb() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return -1;
        }

        void stop() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static void requireSucceeded(JsonNode run, String what) {
        if (!run.get("status").asText().equals("succeeded")) {
            throw new IllegalStateException(what + " " + run.get("status").asText() + ": " + run.path("reason").asText());
        }
    }

    static double duration(JsonNode run) {
        return Duration.between(Instant.parse(run.get("started_at").asText()),
                Instant.parse(run.get("finished_at").asText())).toNanos() / 1e9;
    }

    /** A new data folder; with BENCH_ENGINE_MEMORY set, its engine configuration has that memory_limit. */
    static Path freshDataFolder(String name) throws IOException {
        Path data = work.resolve(name);
        deleteTree(data);
        Files.createDirectories(data.resolve("imports"));
        String memory = System.getenv("BENCH_ENGINE_MEMORY");
        if (memory != null && !memory.isBlank()) {
            Files.createDirectories(data.resolve("etc"));
            Files.writeString(data.resolve("etc/org.dataanalyst.engine.cfg"), "memory_limit=" + memory.strip() + "\n");
        }
        return data;
    }

    /** A hard link (else a copy) of the file inside the import folder: the platform reads only there. */
    static Path linkInto(Path file, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(file.getFileName());
        Files.deleteIfExists(target);
        try {
            Files.createLink(target, file);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(file, target);
        }
        return target;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static long countLines(Path file) throws IOException {
        long lines = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            while (reader.readLine() != null) {
                lines++;
            }
        }
        return lines;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String sql(Path path) {
        return path.toString().replace("'", "''");
    }

    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static void row(String what, String value, String target, String verdict) {
        SUMMARY.add(new String[] {what, value, target, verdict});
        System.out.printf(Locale.ROOT, "bench: %s: %s %s %s%n", what, value, target, verdict);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    static String verdict(boolean ok) {
        return ok ? "ok" : "MISSED";
    }
}

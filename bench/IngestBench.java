import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * The ingestion benchmark; run it through {@code bench/ingest.sh}, which generates the CSV and puts the JDBC
 * drivers and Jackson on the class path. Measures, on the same generated orders CSV:
 * <ol>
 *   <li>DuckDB's own {@code COPY (SELECT * FROM read_csv(…)) TO '….parquet'} — the baseline, best of N;</li>
 *   <li>the platform's ingest of the file by server path: the run's {@code started_at → finished_at}, best of N
 *       (forced, so every run makes a version), and the ratio to the baseline (target ≤ 1.2);</li>
 *   <li>the same rows loaded into PostgreSQL (Debian's server, started like the test fixture) and SQLite, each
 *       ingested through the platform (target ≤ 3 s each for 1M rows);</li>
 *   <li>with {@code --big FILE}: a ~2 GB CSV ingested by a platform started with {@code -Xmx512m}; the JVM heap
 *       peak (from {@code -Xlog:gc}) and the process's peak RSS.</li>
 * </ol>
 * Prints one summary table at the end.
 */
public class IngestBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern TOKEN = Pattern.compile("\\b(da_[A-Za-z0-9_-]{20,})");
    static final List<String[]> SUMMARY = new ArrayList<>();

    static Path root;
    static Path work;
    static int runs = 3;

    public static void main(String[] args) throws Exception {
        Path csv = null;
        Path big = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--work" -> work = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--csv" -> csv = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--big" -> big = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (root == null || work == null || csv == null) {
            throw new IllegalArgumentException("usage: IngestBench --root REPO --work DIR --csv FILE [--big FILE] [--runs N]");
        }
        long rows = countLines(csv) - 1;
        int columns = firstLine(csv).split(",").length;
        System.out.printf(Locale.ROOT, "bench: %,d rows x %d columns, %,.1f MB CSV: %s%n", rows, columns,
                Files.size(csv) / 1e6, csv);
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        System.out.println("bench: load average at start " + load + " (other work on the machine skews every figure)");

        List<Runnable> cleanups = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cleanups.forEach(Runnable::run)));
        Path data = freshDataFolder("data");
        csv = linkInto(csv, data.resolve("imports"));
        Server server = Server.start(data, System.getenv().getOrDefault("BENCH_JAVA_OPTS", ""), work.resolve("server.log"));
        cleanups.add(server::stop);
        try {
            String project = server.createProject("bench");
            // interleaved, so that both see the same machine (other work on it changes timings by 2x)
            double duck = Double.MAX_VALUE;
            double platform = Double.MAX_VALUE;
            Path out = Files.createDirectories(work.resolve("duckdb")).resolve("orders.parquet");
            try (Connection connection = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                 Statement statement = connection.createStatement()) {
                for (int i = 0; i < runs; i++) {
                    duck = Math.min(duck, duckDbCopy(statement, csv, out, i));
                    platform = Math.min(platform, server.ingestTimed(project, "orders",
                            Map.of("kind", "csv", "location", csv.toString()), rows, i));
                }
            }
            Files.deleteIfExists(out);
            row("DuckDB COPY read_csv -> Parquet (baseline)", seconds(duck), "", "");
            row("platform ingest of the CSV (run duration)", seconds(platform), "", "");
            double ratio = platform / duck;
            row("ratio platform / DuckDB", String.format(Locale.ROOT, "%.2f", ratio), "<= 1.2", verdict(ratio <= 1.2));

            try {
                Postgres postgres = Postgres.start(work);
                if (postgres == null) {
                    row("PostgreSQL -> dataset", "skipped", "<= 3 s", "no Debian PostgreSQL (apt-get install postgresql)");
                } else {
                    cleanups.add(postgres::stop);
                    String url = postgres.load(csv);
                    double pg = server.ingestBest(project, "pg_orders", Map.of("kind", "postgres", "location", url,
                            "options", Map.of("user", "postgres", "table", "public.orders")), rows);
                    row(String.format(Locale.ROOT, "PostgreSQL %,d rows -> dataset", rows), seconds(pg), "<= 3 s",
                            verdict(pg <= 3));
                    postgres.stop();
                }
            } catch (Exception e) {
                row("PostgreSQL -> dataset", "FAILED", "<= 3 s", brief(e));
            }

            try {
                Path sqlite = data.resolve("imports/orders.sqlite");
                loadSqlite(csv, sqlite);
                double lite = server.ingestBest(project, "sqlite_orders", Map.of("kind", "sqlite",
                        "location", sqlite.toString(), "options", Map.of("table", "orders")), rows);
                row(String.format(Locale.ROOT, "SQLite %,d rows -> dataset", rows), seconds(lite), "<= 3 s",
                        verdict(lite <= 3));
            } catch (Exception e) {
                row("SQLite -> dataset", "FAILED", "<= 3 s", brief(e));
            }
        } finally {
            server.stop();
        }

        if (big != null) {
            memory(big);
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "== data-analyst ingestion benchmark (%d cores, %,d rows x %d columns, best of %d; "
                + "load average %s at start) ==%n", Runtime.getRuntime().availableProcessors(), rows, columns, runs,
                load.split(" ")[0]);
        int w0 = SUMMARY.stream().mapToInt(r -> r[0].length()).max().orElse(10);
        int w1 = Math.max(8, SUMMARY.stream().mapToInt(r -> r[1].length()).max().orElse(8));
        for (String[] r : SUMMARY) {
            System.out.printf(Locale.ROOT, "%-" + w0 + "s  %" + w1 + "s  %-8s %s%n", r[0], r[1], r[2], r[3]);
        }
    }

    // ---------------------------------------------------------------------------------------------- DuckDB

    /** One run of DuckDB's own CSV → Parquet copy (DuckDB defaults: all cores, insertion order kept). */
    static double duckDbCopy(Statement statement, Path csv, Path out, int run) throws Exception {
        Files.deleteIfExists(out);
        long t0 = System.nanoTime();
        statement.execute("COPY (SELECT * FROM read_csv('" + sql(csv) + "')) TO '" + sql(out) + "' (FORMAT parquet)");
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "bench: DuckDB COPY run %d: %.2f s%n", run + 1, s);
        return s;
    }

    // ---------------------------------------------------------------------------------------------- memory

    static void memory(Path big) throws Exception {
        long rows = countLines(big) - 1;
        Path gcLog = work.resolve("gc-big.log");
        Path data = freshDataFolder("data-big");
        big = linkInto(big, data.resolve("imports"));
        Server server = Server.start(data, "-Xmx512m -Xlog:gc:file=" + gcLog, work.resolve("server-big.log"));
        String label = String.format(Locale.ROOT, "%.1f GB CSV (%,d rows), -Xmx512m", Files.size(big) / 1e9, rows);
        try {
            String project = server.createProject("big");
            JsonNode run = server.ingest(project, "big", Map.of("kind", "csv", "location", big.toString()), false);
            boolean ok = run.get("status").asText().equals("succeeded");
            long peakRss = server.peakRssKb();
            long heapPeak = heapPeakMb(gcLog);
            row(label + ": ingest", ok ? seconds(duration(run)) : "FAILED", "succeeds",
                    ok ? "ok" : "MISSED: " + run.path("reason").asText());
            row(label + ": JVM heap peak", heapPeak + " MB", "< 512 MB", verdict(ok && heapPeak < 512));
            row(label + ": process peak RSS", peakRss / 1024 + " MB", "", "JVM + DuckDB native memory");
        } finally {
            server.stop();
        }
    }

    /** The largest heap occupancy before any collection, from {@code -Xlog:gc} lines such as {@code 120M->30M(512M)}. */
    static long heapPeakMb(Path gcLog) throws IOException {
        Pattern usage = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
        long peak = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = usage.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return peak;
    }

    // ---------------------------------------------------------------------------------------------- the platform

    /** The platform started through {@code ./analyst start} on a free port and a fresh data folder. */
    static final class Server {
        final Process process;
        final int port;
        final String token;
        final Path log;
        final HttpClient http = HttpClient.newHttpClient();

        Server(Process process, int port, String token, Path log) {
            this.process = process;
            this.port = port;
            this.token = token;
            this.log = log;
        }

        static Server start(Path data, String javaOpts, Path log) throws Exception {
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
            Matcher token = TOKEN.matcher(Files.readString(log));
            while (!token.find()) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the platform printed no admin token (a data folder used before?)");
                }
                TimeUnit.MILLISECONDS.sleep(100);
                token = TOKEN.matcher(Files.readString(log));
            }
            return new Server(process, port, token.group(1), log);
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
            String runPath = "/api/projects/" + project + "/runs/" + accepted.get("run").get("id").asText();
            while (true) {
                JsonNode run = send("GET", runPath, null);
                String status = run.get("status").asText();
                if (status.equals("succeeded") || status.equals("failed") || status.equals("cancelled")) {
                    return run;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }

        /** Best run duration of N forced ingests; each must succeed with all rows. */
        double ingestBest(String project, String name, Map<String, Object> source, long rows) throws Exception {
            double best = Double.MAX_VALUE;
            for (int i = 0; i < runs; i++) {
                best = Math.min(best, ingestTimed(project, name, source, rows, i));
            }
            return best;
        }

        /** One forced ingest, which must succeed with all rows; returns its run's duration. */
        double ingestTimed(String project, String name, Map<String, Object> source, long rows, int run) throws Exception {
            JsonNode finished = ingest(project, name, source, true);
            if (!finished.get("status").asText().equals("succeeded")) {
                throw new IllegalStateException("ingest " + name + " failed: " + finished.path("reason").asText());
            }
            JsonNode dataset = send("GET", "/api/projects/" + project + "/datasets/" + finished.get("dataset_id").asText(), null);
            long staged = dataset.get("latest").get("row_count").asLong();
            if (staged != rows) {
                throw new IllegalStateException("ingest " + name + " staged " + staged + " rows, expected " + rows);
            }
            double s = duration(finished);
            System.out.printf(Locale.ROOT, "bench: ingest %s run %d: %.2f s%n", name, run + 1, s);
            return s;
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

    static double duration(JsonNode run) {
        return Duration.between(Instant.parse(run.get("started_at").asText()),
                Instant.parse(run.get("finished_at").asText())).toNanos() / 1e9;
    }

    // ---------------------------------------------------------------------------------------------- databases

    static final String ORDERS_DDL = "CREATE TABLE orders (order_id bigint, customer_id integer, sku text, quantity integer, "
            + "unit_price numeric(10,2), discount numeric(4,2), total numeric(12,2), weight_kg double precision, "
            + "rating real, order_date date, created_at timestamp, shipped_at timestamp, is_gift boolean, "
            + "is_returned boolean, channel text, country text, status text, city text, comment text, email text)";

    /** Debian's PostgreSQL in a temporary folder on a free port, as {@code PostgresFixture} starts it. */
    static final class Postgres {
        final Path bin;
        final Path dir;
        final int port;
        final List<String> prefix;

        Postgres(Path bin, Path dir, int port, List<String> prefix) {
            this.bin = bin;
            this.dir = dir;
            this.port = port;
            this.prefix = prefix;
        }

        static Postgres start(Path work) throws Exception {
            Path versions = Path.of("/usr/lib/postgresql");
            if (!Files.isDirectory(versions)) {
                return null;
            }
            Path bin;
            try (Stream<Path> list = Files.list(versions)) {
                bin = list.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(Path::toString)).orElse(null);
            }
            if (bin == null) {
                return null;
            }
            List<String> prefix = new ArrayList<>();
            // the postgres user must reach it: ingest.sh makes the work folder world-readable (chmod 755)
            Path dir = work.resolve("postgres");
            deleteTree(dir); // left over by an interrupted run
            Files.createDirectories(dir);
            if ("root".equals(System.getProperty("user.name"))) {
                Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
                prefix.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            int port = freePort();
            Postgres postgres = new Postgres(bin, dir, port, prefix);
            postgres.run(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                    "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
            postgres.run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                    dir.resolve("server.log").toString(), "-w", "-t", "60", "-o", "-p " + port
                            + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir + " -c fsync=off", "start");
            return postgres;
        }

        /** Loads the CSV into {@code bench.public.orders}; returns the JDBC URL of the database. */
        String load(Path csv) throws Exception {
            Properties user = new Properties();
            user.setProperty("user", "postgres");
            try (Connection admin = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/postgres", user);
                 Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE bench");
            }
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/bench";
            long t0 = System.nanoTime();
            try (Connection connection = new org.postgresql.Driver().connect(url, user);
                 Statement statement = connection.createStatement();
                 Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                statement.execute(ORDERS_DDL);
                long loaded = new org.postgresql.copy.CopyManager((org.postgresql.core.BaseConnection) connection)
                        .copyIn("COPY orders FROM STDIN (FORMAT csv, HEADER true)", reader);
                statement.execute("VACUUM ANALYZE orders");
                System.out.printf(Locale.ROOT, "bench: loaded %,d rows into PostgreSQL in %.1f s%n", loaded,
                        (System.nanoTime() - t0) / 1e9);
            }
            return url;
        }

        void run(String... command) throws Exception {
            List<String> all = new ArrayList<>(prefix);
            all.addAll(List.of(command));
            Path out = dir.resolve("command.out");
            Process process = new ProcessBuilder(all).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", all) + " failed: " + Files.readString(out));
            }
        }

        void stop() {
            try {
                if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                    run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
                }
                deleteTree(dir);
            } catch (Exception e) {
                System.err.println("bench: stopping PostgreSQL failed: " + e);
            }
        }
    }

    /** Loads the CSV into a SQLite file (one transaction, batched inserts); NULL for empty fields. */
    static void loadSqlite(Path csv, Path file) throws Exception {
        Files.deleteIfExists(file);
        long t0 = System.nanoTime();
        long rows = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=OFF");
                statement.execute("PRAGMA synchronous=OFF");
                statement.execute("CREATE TABLE orders (order_id INTEGER, customer_id INTEGER, sku TEXT, quantity INTEGER, "
                        + "unit_price REAL, discount REAL, total REAL, weight_kg REAL, rating REAL, order_date TEXT, "
                        + "created_at TEXT, shipped_at TEXT, is_gift INTEGER, is_returned INTEGER, channel TEXT, "
                        + "country TEXT, status TEXT, city TEXT, comment TEXT, email TEXT)");
            }
            connection.setAutoCommit(false);
            String header = reader.readLine();
            int n = header.split(",").length;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO orders VALUES (" + "?,".repeat(n - 1) + "?)")) {
                String line;
                while ((line = reader.readLine()) != null) {
                    List<String> fields = parseCsvLine(line);
                    for (int i = 0; i < n; i++) {
                        String v = fields.get(i);
                        if (v == null) {
                            insert.setObject(i + 1, null);
                        } else if (i == 12 || i == 13) {
                            insert.setInt(i + 1, v.equals("true") ? 1 : 0);
                        } else {
                            insert.setString(i + 1, v);
                        }
                    }
                    insert.addBatch();
                    if (++rows % 10_000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
        System.out.printf(Locale.ROOT, "bench: loaded %,d rows into SQLite in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
    }

    /** One CSV line (no line breaks inside values, as the generator writes them); an empty unquoted field is NULL. */
    static List<String> parseCsvLine(String line) {
        List<String> fields = new ArrayList<>(24);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.length() == 0 && !wasQuoted ? null : field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(c);
            }
        }
        fields.add(field.length() == 0 && !wasQuoted ? null : field.toString());
        return fields;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static void row(String what, String value, String target, String verdict) {
        SUMMARY.add(new String[] {what, value, target, verdict});
    }

    static String brief(Exception e) {
        String message = String.valueOf(e.getMessage());
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    static String verdict(boolean met) {
        return met ? "ok" : "MISSED";
    }

    static String sql(Path path) {
        return path.toString().replace("'", "''");
    }

    /** A new, empty data folder for a platform start: the admin token is printed at the first start only. */
    static Path freshDataFolder(String name) throws IOException {
        Path data = work.resolve(name);
        deleteTree(data);
        return Files.createDirectories(data.resolve("imports")).getParent();
    }

    /** Hard-links (or copies) a generated file into a folder; returns the new path. */
    static Path linkInto(Path file, Path folder) throws IOException {
        Path target = Files.createDirectories(folder).resolve(file.getFileName());
        try {
            Files.createLink(target, file);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(file, target);
        }
        return target;
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static long countLines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    static String firstLine(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return reader.readLine();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

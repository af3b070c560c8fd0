package org.dataanalyst.tests.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform as a user starts it: {@code ./analyst start --no-shell --port P --data D} as a real
 * process, its output captured to {@code <data>/../server-N.log}. Waits for {@code GET /api/health}.
 */
public final class ServerProcess implements AutoCloseable {

    /** How long a start may take before the test fails (generous for a busy 2-core CI machine). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static final Pattern TOKEN = Pattern.compile("\\b(da_[A-Za-z0-9_-]{20,})");
    private static int starts;

    private final Path dataDir;
    private final int port;
    private final Process process;
    private final Path output;
    private final String adminToken;
    private final long startNanos;
    private final long readyNanos;

    private ServerProcess(Path dataDir, int port, Process process, Path output, String adminToken, long startNanos,
                          long readyNanos) {
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
        this.output = output;
        this.adminToken = adminToken;
        this.startNanos = startNanos;
        this.readyNanos = readyNanos;
    }

    /** Starts a server on a fresh data folder; its first start prints the admin token, which is kept. */
    public static ServerProcess start(Path dataDir) {
        return start(dataDir, null);
    }

    /**
     * Starts a server on a data folder.
     *
     * @param knownToken the admin token of an earlier start of the same folder (it is printed only once)
     */
    public static ServerProcess start(Path dataDir, String knownToken) {
        return start(dataDir, knownToken, false);
    }

    /** Starts a server with the interactive Gogo console reading this test's commands ({@link #shell}). */
    public static ServerProcess startWithShell(Path dataDir) {
        return start(dataDir, null, true);
    }

    private static synchronized ServerProcess start(Path dataDir, String knownToken, boolean console) {
        try {
            Files.createDirectories(dataDir);
            int port = freePort();
            Path output = dataDir.resolveSibling(dataDir.getFileName() + "-server-" + (++starts) + ".log");
            List<String> command = new ArrayList<>(List.of(root().resolve("analyst").toString(), "start",
                    "--port", Integer.toString(port), "--data", dataDir.toString()));
            if (!console) {
                command.add("--no-shell");
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(console ? ProcessBuilder.Redirect.PIPE
                            : ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("ANALYST_NO_BUILD", "1");
            builder.environment().put("JAVA_OPTS", "-Xmx512m");
            long startNanos = System.nanoTime();
            Process process = builder.start();
            long readyNanos = awaitHealthy(process, port, output);
            String token = knownToken != null ? knownToken : awaitToken(process, output);
            return new ServerProcess(dataDir, port, process, output, token, startNanos, readyNanos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Types a command into the console and returns what it printed (console started with
     * {@link #startWithShell}). An {@code echo} of a unique marker after the command tells where its
     * output ends.
     */
    public String shell(String commandLine) {
        String marker = "END-" + java.util.UUID.randomUUID();
        int before = output().length();
        try {
            java.io.OutputStream in = process.getOutputStream();
            in.write((commandLine + "\necho " + marker + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String all = output();
            int end = all.indexOf(marker, before);
            if (end >= 0) {
                return all.substring(Math.min(before, end), end);
            }
            pause(50);
        }
        throw new AssertionError("no answer to '" + commandLine + "' within 30 s:\n" + output());
    }

    /** Stops this server cleanly and starts a new one on the same data folder. */
    public ServerProcess restart() {
        stop();
        return start(dataDir, adminToken);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public String adminToken() {
        return adminToken;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    /** @return seconds from process start to the first healthy answer */
    public double secondsToHealthy() {
        return (readyNanos - startNanos) / 1e9;
    }

    /** @return everything the server printed so far */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** @return a client for the API with the admin token */
    public Api api() {
        return new Api(baseUri(), adminToken);
    }

    /** SIGTERM and wait: the platform shuts down cleanly. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("server did not stop within 30 s of SIGTERM; output:\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL: the process dies at once, as in a crash. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the process's exit code, after it ended */
    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() {
        stop();
    }

    static Path root() {
        return Path.of(System.getProperty("analyst.root", "../..")).toAbsolutePath().normalize();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static long awaitHealthy(Process process, int port, Path output) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("server exited with " + process.exitValue() + " before it was healthy:\n"
                        + readQuietly(output));
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.nanoTime();
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            pause(100);
        }
        process.destroyForcibly();
        throw new AssertionError("server not healthy within " + START_TIMEOUT + ":\n" + readQuietly(output));
    }

    private static String awaitToken(Process process, Path output) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = TOKEN.matcher(readQuietly(output));
            if (m.find()) {
                return m.group(1);
            }
            pause(100);
        }
        process.destroyForcibly();
        throw new AssertionError("the first start printed no admin token:\n" + readQuietly(output));
    }

    /** Polling interval of the wait loops above (a wait on an outside process, not a test delay). */
    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

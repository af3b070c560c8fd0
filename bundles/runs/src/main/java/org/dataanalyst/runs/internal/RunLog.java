package org.dataanalyst.runs.internal;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one run ({@code runs/<run-id>/run.log}): UTF-8 lines, each prefixed with an ISO-8601 UTC
 * timestamp, appended and handed to the operating system at once so that readers see them while the run
 * is live.
 *
 * <p>Writes go through a {@link FileOutputStream} on purpose: an NIO channel is closed when the writing
 * thread is interrupted, and run threads are interrupted on cancel. Writing never throws: a failure is
 * reported once to the server log and the line is dropped.
 */
final class RunLog implements Closeable {

    /** File name of a run's log inside its folder. */
    static final String FILE_NAME = "run.log";

    private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final String runId;
    private OutputStream out; // guarded by this; null once closed
    private boolean failureReported; // guarded by this

    private RunLog(Path file, String runId, OutputStream out) {
        this.file = file;
        this.runId = runId;
        this.out = out;
    }

    /** Opens (creating or appending to) the log of a run. */
    static RunLog open(Path file, String runId) throws IOException {
        return new RunLog(file, runId, new FileOutputStream(file.toFile(), true));
    }

    /** Appends lines to a log without keeping it open (recovery after a crash). */
    static void append(Path file, String runId, String text) throws IOException {
        try (RunLog log = open(file, runId)) {
            log.line(text);
        }
    }

    Path file() {
        return file;
    }

    /** Appends a message; each of its lines gets the timestamp. Ignored once closed. */
    synchronized void line(String message) {
        if (out == null) return;
        String stamp = TIMESTAMP.format(Instant.now());
        StringBuilder text = new StringBuilder(message.length() + 32);
        for (String line : message.split("\r\n|\r|\n", -1)) {
            text.append(stamp).append(' ').append(line).append('\n');
        }
        try {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            if (!failureReported) {
                failureReported = true;
                LOG.warn("cannot write the log of run {} ({}): {}", runId, file, e.toString());
            }
        }
    }

    /** Appends a message followed by a stack trace. */
    void line(String message, Throwable throwable) {
        StringWriter trace = new StringWriter();
        try (PrintWriter writer = new PrintWriter(trace)) {
            throwable.printStackTrace(writer);
        }
        String stack = trace.toString().stripTrailing();
        line(message == null || message.isEmpty() ? stack : message + "\n" + stack);
    }

    @Override
    public synchronized void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("cannot close the log of run {} ({}): {}", runId, file, e.toString());
        }
        out = null;
    }
}

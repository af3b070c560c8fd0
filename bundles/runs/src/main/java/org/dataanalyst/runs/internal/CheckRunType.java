package org.dataanalyst.runs.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.run.RunContext;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.api.run.RunType;
import org.dataanalyst.api.run.RunTypeName;
import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The built-in {@code check} run type: verifies a project's workspace (folders present and writable,
 * free disk space, files and bytes per folder), writes the findings to {@code check.json} (artifact type
 * {@value #REPORT_TYPE}) and fails when it found a problem. With {@code hold_seconds} it then waits, so that
 * operators can try cancellation and crash recovery on a harmless run.
 */
@Component(service = RunType.class)
@RunTypeName(type = CheckRunType.NAME)
public class CheckRunType implements RunType {

    /** The run type's name. */
    public static final String NAME = "check";
    /** Artifact type of the report. */
    public static final String REPORT_TYPE = "check-report";
    /** File name of the report in the run folder. */
    public static final String REPORT_FILE = "check.json";
    static final String HOLD_SECONDS = "hold_seconds";
    static final int MAX_HOLD_SECONDS = 3600;
    /** Folders every workspace has (see {@link org.dataanalyst.api.project.ProjectService}). */
    static final List<String> FOLDERS = List.of("raw", "staging", "runs", "metadata", "secrets");
    static final String PROJECT_FILE = "project.json";
    /** Less usable disk space than this is worth a warning. */
    static final long LOW_DISK_BYTES = 1024L * 1024 * 1024;

    private static final long LOG_HOLD_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long HOLD_STEP_MILLIS = 250;

    private final ObjectMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Nothing to inject: everything comes through the {@link RunContext}. */
    public CheckRunType() {
    }

    @Override
    public Descriptor descriptor() {
        Map<String, Object> hold = new LinkedHashMap<>();
        hold.put("type", "integer");
        hold.put("minimum", 0);
        hold.put("maximum", MAX_HOLD_SECONDS);
        hold.put("default", 0);
        hold.put("description", "After the check, wait this many seconds (reporting progress, ending early when "
                + "cancelled): for trying cancellation and crash recovery");
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of(HOLD_SECONDS, hold));
        schema.put("additionalProperties", false);
        return new Descriptor(NAME, "Workspace check",
                "Verifies the project's workspace: folders present and writable, free disk space, files and bytes "
                        + "per folder; writes check.json. With hold_seconds it then waits, so that operators can test "
                        + "cancellation and crash recovery on a harmless run.",
                schema);
    }

    @Override
    public void validate(String projectId, RunRequest request) {
        for (String key : request.params().keySet()) {
            if (!HOLD_SECONDS.equals(key)) {
                throw new InvalidRequestException("unknown parameter '" + key + "' for run type '" + NAME
                        + "'; known parameters: " + HOLD_SECONDS);
            }
        }
        holdSeconds(request.params());
    }

    /** @throws InvalidRequestException unless absent or an integer within 0..3600 */
    static int holdSeconds(Map<String, Object> params) {
        Object value = params.get(HOLD_SECONDS);
        if (value == null) return 0;
        String problem = HOLD_SECONDS + " must be an integer between 0 and " + MAX_HOLD_SECONDS + ", was " + value;
        if (!(value instanceof Number number)) throw new InvalidRequestException(problem);
        BigDecimal decimal;
        try {
            decimal = new BigDecimal(number.toString());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(problem); // NaN, Infinity
        }
        if (decimal.stripTrailingZeros().scale() > 0
                || decimal.signum() < 0 || decimal.compareTo(BigDecimal.valueOf(MAX_HOLD_SECONDS)) > 0) {
            throw new InvalidRequestException(problem);
        }
        return decimal.intValueExact();
    }

    @Override
    public void execute(RunContext context) throws Exception {
        int hold = holdSeconds(context.run().params());
        double checkShare = hold > 0 ? 0.2 : 1.0;
        Path workspace = context.workspace();
        int steps = FOLDERS.size() + 2;
        int step = 0;
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        context.log("checking the workspace of project {}", context.run().projectId());

        Map<String, Object> projectFile = checkProjectFile(workspace, problems, context);
        context.progress(checkShare * ++step / steps, "checked " + PROJECT_FILE);

        List<Map<String, Object>> folders = new ArrayList<>();
        for (String name : FOLDERS) {
            if (context.isCancelled()) {
                context.log("cancelled during the check");
                return;
            }
            folders.add(checkFolder(workspace, name, problems, warnings, context));
            context.progress(checkShare * ++step / steps, "checked " + name + "/");
        }

        Map<String, Object> disk = checkDisk(workspace, problems, warnings, context);
        context.progress(checkShare * ++step / steps, "checked disk space");

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("project_id", context.run().projectId());
        report.put("run_id", context.run().id());
        report.put("checked_at", Instant.now().toString());
        report.put("ok", problems.isEmpty());
        report.put("problems", problems);
        report.put("warnings", warnings);
        report.put("project_json", projectFile);
        report.put("folders", folders);
        report.put("disk", disk);
        Path file = writeAtomically(context.directory(), REPORT_FILE, json.writeValueAsBytes(report));
        context.addArtifact(file, REPORT_TYPE, "application/json");
        context.log("wrote {}: {} problem(s), {} warning(s)", REPORT_FILE, problems.size(), warnings.size());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("workspace check found " + problems.size() + " problem(s): "
                    + String.join("; ", problems));
        }
        if (hold > 0) {
            holdFor(hold, checkShare, context);
        }
    }

    private static Map<String, Object> checkProjectFile(Path workspace, List<String> problems, RunContext context) {
        Path file = workspace.resolve(PROJECT_FILE);
        Map<String, Object> result = new LinkedHashMap<>();
        boolean present = Files.isRegularFile(file);
        result.put("present", present);
        if (!present) {
            problems.add(PROJECT_FILE + " is missing");
            context.log("{}: missing", PROJECT_FILE);
            return result;
        }
        try {
            result.put("bytes", Files.size(file));
            result.put("readable", Files.isReadable(file));
            context.log("{}: present, {} bytes", PROJECT_FILE, result.get("bytes"));
        } catch (IOException e) {
            problems.add(PROJECT_FILE + " cannot be read: " + e);
            result.put("readable", false);
        }
        return result;
    }

    private static Map<String, Object> checkFolder(Path workspace, String name, List<String> problems,
                                                   List<String> warnings, RunContext context) {
        Path dir = workspace.resolve(name);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", name);
        boolean present = Files.isDirectory(dir);
        result.put("present", present);
        if (!present) {
            problems.add(name + "/ is missing");
            context.log("{}/: missing", name);
            return result;
        }
        String notWritable = probe(dir);
        result.put("writable", notWritable == null);
        if (notWritable != null) {
            problems.add(name + "/ is not writable: " + notWritable);
        }
        long[] counts = new long[3]; // files, bytes, unreadable entries
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (context.isCancelled()) return FileVisitResult.TERMINATE;
                    if (attrs.isRegularFile()) {
                        counts[0]++;
                        counts[1] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    counts[2]++;
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            counts[2]++;
        }
        result.put("files", counts[0]);
        result.put("bytes", counts[1]);
        result.put("unreadable_entries", counts[2]);
        if (counts[2] > 0) warnings.add(name + "/ has " + counts[2] + " entries that could not be read");
        context.log("{}/: present, {}, {} files, {} bytes", name, notWritable == null ? "writable" : "NOT writable",
                counts[0], counts[1]);
        return result;
    }

    /** Writes and deletes a probe file. @return {@code null} when that worked, else what went wrong */
    private static String probe(Path dir) {
        Path probe = dir.resolve(".check-probe-" + UUID.randomUUID() + ".tmp");
        // FileOutputStream, not NIO: an interrupt (cancel) must not turn into a "not writable" finding
        try (OutputStream out = new FileOutputStream(probe.toFile())) {
            out.write("probe".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return e.toString();
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                return "cannot delete a probe file: " + e;
            }
        }
        return null;
    }

    private static Map<String, Object> checkDisk(Path workspace, List<String> problems, List<String> warnings,
                                                 RunContext context) {
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            FileStore store = Files.getFileStore(workspace);
            long usable = store.getUsableSpace();
            long total = store.getTotalSpace();
            result.put("usable_bytes", usable);
            result.put("total_bytes", total);
            if (usable < LOW_DISK_BYTES) {
                warnings.add("less than 1 GiB of disk space left (" + usable + " bytes)");
            }
            context.log("disk: {} of {} bytes usable", usable, total);
        } catch (IOException e) {
            problems.add("cannot read the free disk space: " + e);
        }
        return result;
    }

    /** Writes a file under a temporary name, forces it to disk and renames it into place. */
    private static Path writeAtomically(Path dir, String name, byte[] content) throws IOException {
        Path target = dir.resolve(name);
        Path temp = dir.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
        try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
            out.write(content);
            out.getFD().sync();
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    private static void holdFor(int seconds, double from, RunContext context) throws InterruptedException {
        context.log("holding for {} s (hold_seconds); cancel the run to end it early", seconds);
        long start = System.nanoTime();
        long total = TimeUnit.SECONDS.toNanos(seconds);
        long nextLog = start + LOG_HOLD_EVERY_NANOS;
        while (true) {
            if (context.isCancelled()) {
                context.log("cancelled while holding");
                return;
            }
            long now = System.nanoTime();
            long elapsed = now - start;
            if (elapsed >= total) break;
            long left = TimeUnit.NANOSECONDS.toSeconds(total - elapsed + TimeUnit.SECONDS.toNanos(1) - 1);
            context.progress(from + (1 - from) * elapsed / total, "holding, " + left + " s left");
            if (now - nextLog >= 0) {
                context.log("holding, {} s left", left);
                nextLog += LOG_HOLD_EVERY_NANOS;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(HOLD_STEP_MILLIS, TimeUnit.NANOSECONDS.toMillis(total - elapsed))));
            } catch (InterruptedException e) {
                if (context.isCancelled()) {
                    context.log("cancelled while holding");
                    return;
                }
                throw e;
            }
        }
        context.log("held for {} s", seconds);
    }
}

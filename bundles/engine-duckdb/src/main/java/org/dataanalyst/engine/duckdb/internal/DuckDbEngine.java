package org.dataanalyst.engine.duckdb.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.dataanalyst.api.Platform;
import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.Engine.SessionOptions;
import org.duckdb.DuckDBDriver;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Engine} on embedded DuckDB: one in-memory database per session, sandboxed to the
 * session's workspace folder and its own temporary folder.
 *
 * <p>The sandbox, as verified against DuckDB 2.0.0 (see {@code DuckDbEngineTest}):
 * <ul>
 * <li>{@code SET allowed_directories=[…]} then {@code SET enable_external_access=false}: afterwards
 * every file system operation outside the listed folders fails with "Permission Error: Cannot access
 * file … - file system operations are disabled by configuration" — reads ({@code read_csv},
 * {@code read_parquet}, {@code glob}, {@code ATTACH}), writes ({@code COPY … TO}), {@code ..} escapes,
 * {@code file://} and {@code http(s)://} URLs, and {@code INSTALL}/{@code LOAD} of extensions.
 * Symbolic links are resolved before the check (a link inside the workspace pointing outside is
 * refused; a link to the workspace itself is allowed), so the allowed folders are given as real
 * paths. A folder entry does not allow a sibling sharing its prefix ({@code ws} does not allow
 * {@code ws2}). Relative paths are resolved against the JVM's working directory (not
 * {@code file_search_path}) and so are refused unless that happens to be inside an allowed folder.</li>
 * <li>{@code SET lock_configuration=true} last: every later {@code SET}/{@code RESET} (including
 * {@code lock_configuration} itself, {@code memory_limit}, {@code temp_directory}) fails with
 * "Cannot change configuration option … - the configuration has been locked".</li>
 * <li>{@link SessionOptions#importRoots() Import roots} are added to {@code allowed_directories} as real
 * paths. DuckDB's sandbox has no read-only entries: such a session could write there too, so it runs only
 * SQL the platform generates (an ingest), never a user's.</li>
 * <li>{@code preserve_insertion_order} is {@code false} unless {@link SessionOptions#preserveOrder()} asks
 * for it (an ingest keeps a file's row order; analytics need less memory without).</li>
 * <li>Each session gets its own folder under the temporary folder (spill files of two databases in one
 * folder could collide, and a session must not read another's spill); it is deleted on close.</li>
 * <li>After a statement fails, DuckDB's JDBC driver closes that {@link Statement}: a new one is created
 * for every statement.</li>
 * </ul>
 *
 * <p>Loading the driver extracts DuckDB's native library (~70 MB) into {@code java.io.tmpdir}; the
 * launcher points that at {@code <data>/tmp}.
 */
@Component(service = Engine.class, configurationPid = DuckDbEngine.PID)
@Designate(ocd = DuckDbEngine.Config.class)
public final class DuckDbEngine implements Engine, AutoCloseable {

    /** The configuration PID. */
    public static final String PID = "org.dataanalyst.engine";

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbEngine.class);

    /** A DuckDB memory size such as {@code 1GB}, {@code 512 MiB}, {@code 80%}; no quotes, nothing else. */
    private static final Pattern SIZE = Pattern.compile("(?i)\\d+(\\.\\d+)?\\s*(([KMGT]I?)?B|%)");

    private static final String SESSION_FOLDER_PREFIX = "session-";

    @ObjectClassDefinition(name = "data-analyst engine (DuckDB)",
            description = "Resources of the embedded DuckDB engine. Each setting applies to every session "
                    + "(one in-memory database per session).")
    public @interface Config {
        @AttributeDefinition(name = "Memory limit",
                description = "DuckDB memory_limit per session, e.g. 1GB, 512MiB; above it DuckDB spills to the temporary folder.")
        String memory__limit() default "1GB";

        @AttributeDefinition(name = "Threads", min = "1", description = "DuckDB worker threads per session.")
        int threads() default 2;

        @AttributeDefinition(name = "Temporary folder", required = false,
                description = "Where sessions spill to disk (each in its own subfolder). Empty: <data>/tmp/duckdb.")
        String temp__directory() default "";

        @AttributeDefinition(name = "Max temporary size",
                description = "DuckDB max_temp_directory_size per session, e.g. 20GB.")
        String max__temp__directory__size() default "20GB";
    }

    private final String memoryLimit;
    private final int threads;
    private final Path tempDirectory;
    private final String maxTempDirectorySize;
    private final DuckDBDriver driver = new DuckDBDriver();
    private final Set<DuckDbSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** DS activation: the temporary folder defaults to {@code <data>/tmp/duckdb}. */
    @Activate
    public DuckDbEngine(BundleContext context, Config config) {
        this(config.memory__limit(), config.threads(),
                config.temp__directory().isBlank()
                        ? defaultTempDirectory(Platform.dataDirectory(context::getProperty))
                        : Path.of(config.temp__directory().strip()),
                config.max__temp__directory__size());
    }

    /**
     * An engine with explicit settings (tests, tools).
     *
     * @param memoryLimit          DuckDB {@code memory_limit} per session, e.g. {@code 1GB}
     * @param threads              DuckDB {@code threads} per session, at least 1
     * @param tempDirectory        the folder for spill files; created if missing
     * @param maxTempDirectorySize DuckDB {@code max_temp_directory_size} per session, e.g. {@code 20GB}
     * @throws IllegalArgumentException when a value is invalid
     */
    public DuckDbEngine(String memoryLimit, int threads, Path tempDirectory, String maxTempDirectorySize) {
        this.memoryLimit = size(memoryLimit, "memory_limit");
        this.maxTempDirectorySize = size(maxTempDirectorySize, "max_temp_directory_size");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.threads = threads;
        Objects.requireNonNull(tempDirectory, "tempDirectory");
        try {
            Files.createDirectories(tempDirectory);
            this.tempDirectory = tempDirectory.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the engine's temporary folder " + tempDirectory, e);
        }
        removeLeftoverSessionFolders();
        LOG.info("DuckDB engine ready: memory_limit {}, threads {}, temp_directory {}, max_temp_directory_size {}",
                this.memoryLimit, this.threads, this.tempDirectory, this.maxTempDirectorySize);
    }

    /** @return {@code <data>/tmp/duckdb} */
    public static Path defaultTempDirectory(Path dataDirectory) {
        return dataDirectory.resolve("tmp").resolve("duckdb");
    }

    /** @return the engine's temporary folder (real path) */
    public Path tempDirectory() {
        return tempDirectory;
    }

    @Override
    public EngineSession open(Path workspace) {
        return open(workspace, SessionOptions.DEFAULT);
    }

    @Override
    public EngineSession open(Path workspace, SessionOptions options) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(options, "options");
        if (closed) {
            throw new EngineException("The engine has been stopped");
        }
        if (!Files.isDirectory(workspace)) {
            throw new EngineException("The workspace folder " + workspace + " does not exist");
        }
        List<Path> importRoots = new ArrayList<>();
        for (Path root : options.importRoots()) {
            if (!Files.isDirectory(root)) {
                throw new EngineException("The import folder " + root + " does not exist");
            }
            try {
                importRoots.add(root.toRealPath()); // DuckDB checks real paths: symlinks are resolved first
            } catch (IOException e) {
                throw new EngineException("Cannot read the import folder " + root + ": " + e.getMessage(), e);
            }
        }
        Path realWorkspace;
        Path sessionTemp;
        try {
            realWorkspace = workspace.toRealPath();
            sessionTemp = Files.createDirectory(tempDirectory.resolve(SESSION_FOLDER_PREFIX + UUID.randomUUID()));
        } catch (IOException e) {
            throw new EngineException("Cannot prepare an engine session for " + workspace + ": " + e.getMessage(), e);
        }
        Connection connection = null;
        try {
            connection = driver.connect("jdbc:duckdb:", new Properties());
            for (String setting : settings(realWorkspace, sessionTemp, importRoots, options.preserveOrder())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(setting);
                }
            }
            DuckDbSession session = new DuckDbSession(connection, realWorkspace, sessionTemp, sessions::remove);
            sessions.add(session);
            if (closed) { // stopped while opening
                session.close();
                throw new EngineException("The engine has been stopped");
            }
            LOG.debug("Engine session opened on {} (import roots {}, preserve order {})", realWorkspace, importRoots,
                    options.preserveOrder());
            return session;
        } catch (SQLException e) {
            closeQuietly(connection);
            DuckDbSession.deleteRecursively(sessionTemp);
            throw new EngineException("Cannot start an engine session: " + e.getMessage(), e);
        }
    }

    /**
     * The statements that configure and then lock a new session, in order.
     *
     * @param importRoots   further readable folders (real paths); DuckDB's sandbox cannot make them read-only
     * @param preserveOrder DuckDB {@code preserve_insertion_order}
     */
    List<String> settings(Path workspace, Path sessionTemp, List<Path> importRoots, boolean preserveOrder) {
        StringBuilder allowed = new StringBuilder("SET allowed_directories = [")
                .append(literal(folder(workspace))).append(", ").append(literal(folder(sessionTemp)));
        for (Path root : importRoots) {
            allowed.append(", ").append(literal(folder(root)));
        }
        allowed.append(']');
        return List.of(
                "SET memory_limit = " + literal(memoryLimit),
                "SET threads = " + threads,
                "SET temp_directory = " + literal(sessionTemp.toString()),
                "SET max_temp_directory_size = " + literal(maxTempDirectorySize),
                "SET preserve_insertion_order = " + preserveOrder,
                "SET autoinstall_known_extensions = false",
                "SET autoload_known_extensions = false",
                allowed.toString(),
                "SET enable_external_access = false",
                "SET lock_configuration = true");
    }

    /** @return the number of open sessions */
    public int openSessions() {
        return sessions.size();
    }

    /** Stops the engine: closes every open session; later {@link #open} calls fail. */
    @Deactivate
    @Override
    public void close() {
        closed = true;
        for (DuckDbSession session : List.copyOf(sessions)) {
            session.close();
        }
        LOG.info("DuckDB engine stopped");
    }

    private void removeLeftoverSessionFolders() {
        try (Stream<Path> children = Files.list(tempDirectory)) {
            children.filter(p -> p.getFileName().toString().startsWith(SESSION_FOLDER_PREFIX))
                    .forEach(DuckDbSession::deleteRecursively);
        } catch (IOException e) {
            LOG.warn("Cannot clean the engine's temporary folder {}: {}", tempDirectory, e.toString());
        }
    }

    private static String size(String value, String name) {
        Objects.requireNonNull(value, name);
        String v = value.strip();
        if (!SIZE.matcher(v).matches()) {
            throw new IllegalArgumentException(name + " must be a size such as 1GB or 512MiB, was '" + value + "'");
        }
        return v;
    }

    private static String folder(Path path) {
        String s = path.toString();
        return s.endsWith(path.getFileSystem().getSeparator()) ? s : s + path.getFileSystem().getSeparator();
    }

    /** An SQL string literal. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing a DuckDB connection failed", e);
            }
        }
    }
}

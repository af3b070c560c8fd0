package org.dataanalyst.api.engine;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The analytic engine (DuckDB in the platform). Each {@link EngineSession} is an isolated, in-memory
 * database whose SQL can read and write files only inside one project's workspace folder and the
 * engine's own temporary folder; every other file, URL, extension installation and attempt to change
 * the engine settings from SQL is refused.
 *
 * <p>Implementations are thread-safe; a session is not (use one per thread).
 */
@ProviderType
public interface Engine {

    /**
     * Opens a session confined to {@code workspace}.
     *
     * <p>Inside the session refer to files by absolute paths under the workspace (symbolic links are
     * followed and must stay inside it); relative paths are resolved against the server's working
     * directory, not the workspace, and are therefore normally refused.
     *
     * @param workspace an existing folder: the project's workspace
     * @return a new session; the caller closes it
     * @throws EngineException when the folder does not exist or the engine cannot start a session
     */
    EngineSession open(Path workspace);

    /**
     * Opens a session confined to {@code workspace} with options: folders outside the workspace it may
     * also read (for SQL the platform generates itself, e.g. an ingest reading a file from a server
     * folder — DuckDB's sandbox cannot grant read without write, so never hand such a session user SQL),
     * and whether results keep the insertion order of their input (an ingest keeps a file's row order;
     * analytic queries do not need it and use less memory without).
     *
     * @return a new session; the caller closes it
     * @throws EngineException when a folder does not exist or the engine cannot start a session
     */
    EngineSession open(Path workspace, SessionOptions options);

    /**
     * Options of a session.
     *
     * @param importRoots   existing folders outside the workspace whose files the session may read
     * @param preserveOrder whether results keep the order of their input rows
     */
    record SessionOptions(java.util.List<Path> importRoots, boolean preserveOrder) {
        /** The options of {@link Engine#open(Path)}: no import roots, order not preserved. */
        public static final SessionOptions DEFAULT = new SessionOptions(java.util.List.of(), false);

        public SessionOptions {
            importRoots = importRoots == null ? java.util.List.of() : java.util.List.copyOf(importRoots);
        }
    }
}

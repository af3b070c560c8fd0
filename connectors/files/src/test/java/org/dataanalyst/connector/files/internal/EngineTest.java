package org.dataanalyst.connector.files.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.dataanalyst.api.engine.Engine.SessionOptions;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.engine.duckdb.internal.DuckDbEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/**
 * Base of the planner tests: a real DuckDB engine for the class, and per test a workspace folder with an
 * ingest-like session (insertion order kept, the corpus folder readable as an import root).
 */
abstract class EngineTest {

    @TempDir
    static Path root;

    static DuckDbEngine engine;
    private static final AtomicInteger WORKSPACES = new AtomicInteger();

    Path workspace;
    EngineSession session;

    @BeforeAll
    static void startEngine() {
        engine = new DuckDbEngine("512MiB", 2, root.resolve("engine-tmp"), "2GB");
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    @BeforeEach
    void openSession() throws Exception {
        workspace = Files.createDirectories(root.resolve("ws-" + WORKSPACES.incrementAndGet())).toRealPath();
        session = engine.open(workspace, new SessionOptions(List.of(Corpus.dir()), true));
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    SqlRunner sql() {
        return session::query;
    }

    /** @return a file in the workspace with this UTF-8 text */
    Path file(String name, String text) throws Exception {
        return Files.writeString(workspace.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** @return a file in the workspace with these bytes */
    Path file(String name, byte[] bytes) throws Exception {
        return Files.write(workspace.resolve(name), bytes);
    }

    /** @return every row of the scan, as the platform reads it */
    QueryResult rows(String scan) {
        return session.query("SELECT * FROM " + scan);
    }

    /**
     * Stages the scan as the platform does (Parquet in the workspace) and reads the staged file back.
     */
    QueryResult stage(String scan) {
        Path out = workspace.resolve("staged-" + WORKSPACES.incrementAndGet() + ".parquet");
        session.execute("COPY (SELECT * FROM " + scan + ") TO " + Sql.literal(out) + " (FORMAT parquet)");
        return session.query("SELECT * FROM read_parquet(" + Sql.literal(out) + ")");
    }

    /** @return the failure's message */
    static String failure(Executable executable) {
        return assertThrows(SourceFailure.class, executable).getMessage();
    }
}

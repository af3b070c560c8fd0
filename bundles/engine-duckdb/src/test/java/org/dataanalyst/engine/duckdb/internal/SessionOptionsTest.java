package org.dataanalyst.engine.duckdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dataanalyst.api.engine.Engine.SessionOptions;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.EngineSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Engine.open(workspace, SessionOptions)}: import roots become readable, row order kept on request. */
class SessionOptionsTest {

    @TempDir
    Path root;

    private Path workspace;
    private Path imports;
    private Path elsewhere;
    private DuckDbEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        workspace = Files.createDirectories(root.resolve("ws")).toRealPath();
        imports = Files.createDirectories(root.resolve("imports")).toRealPath();
        elsewhere = Files.createDirectories(root.resolve("elsewhere")).toRealPath();
        engine = new DuckDbEngine("1GB", 2, root.resolve("tmp"), "4GB");
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private static String sql(Path p) {
        return DuckDbEngine.literal(p.toString());
    }

    @Test
    void readsAFileInAnImportRootButStillRefusesOtherFolders() throws Exception {
        Path allowed = Files.writeString(imports.resolve("orders.csv"), "id,amount\n1,10\n2,20\n");
        Path refused = Files.writeString(elsewhere.resolve("secret.csv"), "a\n1\n");
        // the import root given through a symbolic link: DuckDB checks real paths
        Path link = Files.createSymbolicLink(root.resolve("imports-link"), imports);
        try (EngineSession session = engine.open(workspace, new SessionOptions(List.of(link), true))) {
            assertEquals(30L, ((Number) session.query("SELECT sum(amount) FROM read_csv(" + sql(allowed) + ")")
                    .single()).longValue());
            EngineException e = assertThrows(EngineException.class,
                    () -> session.query("SELECT * FROM read_csv(" + sql(refused) + ")"));
            assertTrue(e.getMessage().contains("Permission Error"), e.getMessage());
        }
        try (EngineSession plain = engine.open(workspace)) {
            EngineException e = assertThrows(EngineException.class,
                    () -> plain.query("SELECT * FROM read_csv(" + sql(allowed) + ")"));
            assertTrue(e.getMessage().contains("Permission Error"), e.getMessage());
        }
    }

    @Test
    void refusesAMissingImportRoot() {
        EngineException e = assertThrows(EngineException.class,
                () -> engine.open(workspace, new SessionOptions(List.of(root.resolve("nope")), false)));
        assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("nope"), e.getMessage());
        assertEquals(0, engine.openSessions());
    }

    @Test
    void keepsTheRowOrderOfAMultiThreadedCopyWhenAsked() {
        Path parquet = workspace.resolve("big.parquet");
        try (EngineSession session = engine.open(workspace, new SessionOptions(List.of(), true))) {
            assertEquals(true, session.query("SELECT current_setting('preserve_insertion_order')").single());
            assertEquals(2L, ((Number) session.query("SELECT current_setting('threads')").single()).longValue());
            session.execute("CREATE TABLE big AS SELECT range AS i, md5(range::VARCHAR) AS s FROM range(2000000)");
            assertEquals(2_000_000L, session.execute("COPY big TO " + sql(parquet) + " (FORMAT parquet)"));
            assertEquals(0L, session.query("SELECT count(*) FROM read_parquet(" + sql(parquet)
                    + ", file_row_number = true) WHERE i <> file_row_number").single());
        }
        try (EngineSession session = engine.open(workspace, SessionOptions.DEFAULT)) {
            assertEquals(false, session.query("SELECT current_setting('preserve_insertion_order')").single());
        }
    }
}

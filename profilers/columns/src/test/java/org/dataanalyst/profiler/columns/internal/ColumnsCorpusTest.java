package org.dataanalyst.profiler.columns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.dataanalyst.api.Schema;
import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.engine.duckdb.internal.DuckDbEngine;
import org.dataanalyst.spi.profiler.Profilers;
import org.dataanalyst.spi.profiler.Section;
import org.dataanalyst.tests.support.JsonCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Parquet file of the robustness corpus (tests/corpus/parquet: every codec, INT96, decimals in four
 * physical types, float16 with NaN, nested lists/maps/structs, legacy lists, 0-row files, all-null
 * columns) profiles without an error, with the default options and with every approximation forced. A
 * file the engine itself cannot read (the corrupt one under bad_data/) is skipped.
 */
class ColumnsCorpusTest {

    @TempDir
    Path root;

    static List<Path> corpus() throws Exception {
        Path dir = Path.of(System.getProperty("corpus.dir", "../../tests/corpus")).resolve("parquet");
        assertTrue(Files.isDirectory(dir), "corpus folder " + dir.toAbsolutePath() + " (set -Dcorpus.dir)");
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
        }
    }

    @Test
    void everyCorpusFileProfiles() throws Exception {
        List<Path> files = corpus();
        assertTrue(files.size() >= 30, "corpus files: " + files.size());
        Path ws = Files.createDirectories(root.resolve("ws")).toRealPath();
        DuckDbEngine engine = new DuckDbEngine("1GB", 2, root.resolve("tmp"), "2GB");
        List<String> unreadable = new ArrayList<>();
        int profiled = 0;
        try {
            for (Path source : files) {
                Path file = Files.copy(source, ws.resolve("f" + profiled + unreadable.size() + ".parquet"));
                try (EngineSession s = engine.open(ws, new Engine.SessionOptions(List.of(), true))) {
                    Schema schema;
                    Path staged = ws.resolve("staged" + profiled + ".parquet");
                    try {
                        // staged as the ingest does: a file the engine cannot copy never becomes a version
                        s.execute("COPY (SELECT * FROM read_parquet(" + Profilers.literal(file.toString()) + ")) TO "
                                + Profilers.literal(staged.toString()) + " (FORMAT parquet)");
                    } catch (EngineException e) {
                        unreadable.add(source.getFileName().toString());
                        continue;
                    }
                    s.execute("CREATE VIEW data AS SELECT * FROM read_parquet(" + Profilers.literal(staged.toString()) + ")");
                    schema = ColumnsProfilerTest.describe(s);
                    for (Map<String, Object> options : List.of(Map.<String, Object>of(), Map.<String, Object>of(
                            "exact_distinct_max", 0, "unique_check_max_rows", 0, "exact_quantiles_max_rows", 0,
                            "histogram_max_distinct", 1, "value_counts_max_distinct", 0))) {
                        Section section;
                        try {
                            section = ColumnsProfilerTest.profile(s, schema, options);
                        } catch (RuntimeException | AssertionError e) {
                            throw new AssertionError(source + " (" + schema + ") with " + options + ": " + e, e);
                        }
                        JsonCheck.write(section.content());
                        assertEquals(schema.columns().size(), ((List<?>) section.content().get("columns")).size());
                    }
                    profiled++;
                }
            }
        } finally {
            engine.close();
        }
        // never staged: the corrupt file, one pyarrow reads but DuckDB 2.0 cannot (see connectors/files
        // ParquetCorpusTest), and one whose 2 GiB map key does not fit the session's 1 GB memory limit
        assertEquals(List.of("ARROW-17100.parquet", "PARQUET-1481.parquet", "large_string_map.brotli.parquet"),
                unreadable.stream().sorted().toList());
        assertTrue(profiled >= 30, "profiled " + profiled);
    }
}

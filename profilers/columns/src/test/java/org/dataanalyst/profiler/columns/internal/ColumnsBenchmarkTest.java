package org.dataanalyst.profiler.columns.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.Schema;
import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.engine.duckdb.internal.DuckDbEngine;
import org.dataanalyst.tests.support.Fusion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a correctness test: times the column profile of a Parquet file against DuckDB's SUMMARIZE.
 * {@code -Dbench.parquet=/abs/path/file.parquet} (the folder is used as the workspace).
 */
@EnabledIfSystemProperty(named = "bench.parquet", matches = ".+")
class ColumnsBenchmarkTest {

    @TempDir
    Path tmp;

    @Test
    void timesAProfile() {
        Path file = Path.of(System.getProperty("bench.parquet")).toAbsolutePath();
        DuckDbEngine engine = new DuckDbEngine("2GB", 2, tmp, "4GB");
        try (EngineSession s = engine.open(file.getParent(), new Engine.SessionOptions(List.of(), true))) {
            s.execute("CREATE VIEW data AS SELECT * FROM read_parquet(" + org.dataanalyst.spi.profiler.Profilers.literal(file.toString()) + ")");
            List<Column> cols = s.query("DESCRIBE SELECT * FROM data").rows().stream()
                    .map(r -> new Column((String) r.get(0), (String) r.get(1), true)).toList();
            long rows = (Long) s.query("SELECT count(*) FROM data").single();
            for (int i = 0; i < 2; i++) {
                long t0 = System.nanoTime();
                s.query("SUMMARIZE SELECT * FROM data");
                long t1 = System.nanoTime();
                ColumnsPlanner p = ColumnsProfiler.planner(new Schema(cols), rows, Map.of());
                var acc = ColumnsProfiler.accumulators(p);
                Fusion.Result r = Fusion.run(s, p::metrics, List.of());
                long t2 = System.nanoTime();
                Fusion.run(s, (round, v) -> List.of(), acc);
                long t3 = System.nanoTime();
                ColumnsProfiler.interpret(p, r.values(), acc, s::query, line -> { });
                long t4 = System.nanoTime();
                System.out.printf("summarize %d ms, metrics %d ms (%d scans, %d metrics), accumulator %d ms, interpret %d ms%n",
                        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, r.scans(), r.metrics(), (t3 - t2) / 1_000_000,
                        (t4 - t3) / 1_000_000);
                if (System.getProperty("bench.sqlout") != null) {
                    try {
                        java.nio.file.Files.write(Path.of(System.getProperty("bench.sqlout")), r.sql());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                for (String sql : r.sql()) {
                    long a = System.nanoTime();
                    s.query(sql);
                    System.out.printf("  round: %d ms, %d chars%n", (System.nanoTime() - a) / 1_000_000, sql.length());
                }
            }
        } finally {
            engine.close();
        }
    }
}

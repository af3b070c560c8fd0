package org.dataanalyst.profiler.columns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.engine.duckdb.internal.DuckDbEngine;
import org.dataanalyst.profiler.columns.internal.ColumnsPlanner.Binning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bin bounds handed to DuckDB's {@code histogram(x, [bounds])} put every value into the bin
 * {@code min(max(floor((x - lo) / width), 0), count - 1)}, also at the edges, across zero and for tiny widths.
 */
class BinsTest {

    @TempDir
    Path root;

    /** @return the bin the bounds give: the first bound not below x, else the last bin */
    static long byBounds(double[] bounds, Binning b, double x) {
        for (int i = 0; i < bounds.length; i++) {
            if (x <= bounds[i]) return Math.min(i, b.count() - 1);
        }
        return b.count() - 1;
    }

    static List<Binning> binnings() {
        return List.of(new Binning(0, 0.61875, 20, false), new Binning(-3.0, 0.76875, 20, false),
                new Binning(-1.0, 0.1, 20, false), // an edge at 0, reached through rounding
                new Binning(1e-300, 1e-301, 20, false), new Binning(-1e15, 1e14, 20, false),
                new Binning(1_000_000, 50_000, 20, true), new Binning(18262, 92, 20, true),
                new Binning(-5, 1, 11, true), new Binning(7, 0, 1, false), new Binning(0.001066834276331731, 2.499945393655766,
                        20, false));
    }

    @Test
    void everyValueFallsIntoItsBinAndNoBoundIsSlowToFind() {
        SplittableRandom random = new SplittableRandom(7);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (Binning b : binnings()) {
                double[] bounds = ColumnsPlanner.upperBounds(b);
                double hi = b.lo() + b.count() * b.width();
                List<Double> xs = new ArrayList<>(List.of(b.lo(), hi, Math.nextDown(hi), -0.0, 0.0));
                for (double e : b.edges()) {
                    xs.add(e);
                    xs.add(Math.nextUp(e));
                    xs.add(Math.nextDown(e));
                }
                for (int k = 0; k < 2000; k++) {
                    xs.add(b.lo() + random.nextDouble() * (hi - b.lo()));
                }
                for (double x : xs) {
                    if (x < b.lo() || x > hi) continue;
                    assertEquals(ColumnsPlanner.bin(b, x), byBounds(bounds, b, x), b + " x=" + x);
                }
            }
        });
    }

    /** The same in the engine: histogram(x, [bounds]) against the bin index computed in SQL. */
    @Test
    void theEngineCountsTheSameBins() throws Exception {
        Path ws = Files.createDirectories(root.resolve("ws")).toRealPath();
        DuckDbEngine engine = new DuckDbEngine("256MB", 2, root.resolve("tmp"), "1GB");
        try (EngineSession s = engine.open(ws, new Engine.SessionOptions(List.of(), false))) {
            for (Binning b : binnings()) {
                if (b.width() == 0) continue;
                List<String> bounds = new ArrayList<>();
                for (double u : ColumnsPlanner.upperBounds(b)) bounds.add("'" + ColumnsPlanner.literal(u) + "'::DOUBLE");
                String lo = "'" + ColumnsPlanner.literal(b.lo()) + "'::DOUBLE";
                String w = "'" + ColumnsPlanner.literal(b.width()) + "'::DOUBLE";
                String x = "(" + lo + " + (i / 10000.0) * " + b.count() + " * " + w + ")";
                // compare bin by bin: the engine's histogram (overflow folded into the last bin) and the index counts
                List<Object> row = s.query("SELECT to_json(map_values(histogram(x, [" + String.join(", ", bounds) + "])))::VARCHAR "
                        + "FROM (SELECT " + x + " AS x FROM range(10001) t(i))").rows().get(0);
                List<?> byBound = (List<?>) JsonText.parse((String) row.get(0));
                long[] counts = new long[b.count()];
                for (int i = 0; i < byBound.size(); i++) counts[Math.min(i, b.count() - 1)] += ((Number) byBound.get(i)).longValue();
                long[] expected = new long[b.count()];
                for (List<Object> r : s.query("SELECT least(greatest(floor((" + x + " - " + lo + ") / " + w + "), 0), "
                        + (b.count() - 1) + ")::BIGINT AS k, count(*) FROM range(10001) t(i) GROUP BY k").rows()) {
                    expected[(int) (long) (Long) r.get(0)] = (Long) r.get(1);
                }
                assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(counts), b.toString());
                assertTrue(java.util.Arrays.stream(counts).sum() == 10001);
            }
        } finally {
            engine.close();
        }
    }
}

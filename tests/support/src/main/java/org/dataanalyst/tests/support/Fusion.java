package org.dataanalyst.tests.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.spi.profiler.Accumulator;
import org.dataanalyst.spi.profiler.Metric;
import org.dataanalyst.spi.profiler.MetricValues;
import org.dataanalyst.spi.profiler.Profiler;

/**
 * A test helper that MIRRORS the profile run type's fusion (bundles/profiling) closely enough to test a
 * profiler's metrics for real: per round, every metric of the round in ONE {@code SELECT m1, m2, … FROM
 * data} on a real DuckDB, values keyed by {@link Metric#key()}, rounds until no metric is asked for (at
 * most {@link Profiler#MAX_ROUNDS}); accumulators fed by one streaming scan of their columns in file order
 * (or a {@code reservoir(n ROWS) REPEATABLE (42)} sample when they ask for one). It is not the run type
 * (no isolation, budgets or artifacts): that one is tested in its own module. Shared by the profiler modules' tests.
 */
public final class Fusion {
    private Fusion() {
    }

    /** What a profile computed. */
    public record Result(MetricValues values, int scans, int metrics, List<String> sql) {
    }

    /**
     * @param session a session in which {@code data} names the version's relation
     * @param metrics the profiler's metrics of a round, given the values of the earlier rounds
     */
    public static Result run(EngineSession session, BiFunction<Integer, MetricValues, List<Metric>> metrics,
                      List<Accumulator> accumulators) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Boolean> exact = new LinkedHashMap<>();
        List<String> statements = new ArrayList<>();
        int scans = 0;
        int count = 0;
        for (int round = 0; round < Profiler.MAX_ROUNDS; round++) {
            List<Metric> ms = metrics.apply(round, new MetricValues(values, exact));
            if (ms.isEmpty()) {
                break;
            }
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < ms.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(ms.get(i).sql()).append(" AS \"m").append(i).append('"');
            }
            sql.append(" FROM data");
            statements.add(sql.toString());
            QueryResult r = session.query(sql.toString());
            scans++;
            count += ms.size();
            for (int i = 0; i < ms.size(); i++) {
                Metric m = ms.get(i);
                if (values.containsKey(m.key())) {
                    throw new AssertionError("metric " + m.key() + " asked for twice");
                }
                values.put(m.key(), r.rows().get(0).get(i));
                exact.put(m.key(), m.exact());
            }
        }
        for (Accumulator a : accumulators) {
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < a.columns().size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(org.dataanalyst.spi.profiler.Profilers.quote(a.columns().get(i)));
            }
            sql.append(" FROM data");
            if (a.sampleRows() > 0) {
                sql.append(" USING SAMPLE reservoir(").append(a.sampleRows()).append(" ROWS) REPEATABLE (42)");
            }
            for (List<Object> row : session.query(sql.toString()).rows()) {
                a.accept(row.toArray());
            }
            scans++;
        }
        return new Result(new MetricValues(values, exact), scans, count, statements);
    }
}

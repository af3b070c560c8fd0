package org.dataanalyst.profiling.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.api.run.RunContext;
import org.dataanalyst.spi.profiler.Metric;

/**
 * Computes the metrics of one round, fused: every profiler's metric expressions go into ONE
 * {@code SELECT count(*), (m1) AS "m1", (m2) AS "m2", … FROM data} (split only when a round has more than
 * {@code max_metrics_per_scan} expressions). Each expression stands on lines of its own in parentheses, so
 * one profiler's SQL (a trailing {@code --} comment…) cannot change how another's is read, and the extra
 * {@code count(*)} makes the result exactly one row even when every expression is a constant.
 *
 * <p>When a fused scan fails, the profiler at fault is found without scanning again where possible: each
 * profiler's expressions are planned on their own ({@code EXPLAIN}, which reads no data), and within a
 * profiler that does not plan, each expression, to name it. The scan then runs again without the culprits.
 * An error that shows only while running (a failing cast…) is isolated by scanning each profiler's
 * expressions on their own. Only the profilers at fault fail (stage {@code scan}).
 */
final class FusedScan {

    /** One metric of one profiler, with the alias of its result column. */
    record Item(Slot slot, Metric metric, String alias) {
    }

    private final EngineSession session;
    private final RunContext context;
    private final Sandbox.Listener failures;
    private int scans;
    private int probes;

    FusedScan(EngineSession session, RunContext context, Sandbox.Listener failures) {
        this.session = session;
        this.context = context;
        this.failures = failures;
    }

    /** @return scans of the data so far */
    int scans() {
        return scans;
    }

    /** @return statements that only planned ({@code EXPLAIN}) so far */
    int probes() {
        return probes;
    }

    /** Computes {@code items} (one round) in as few scans as {@code maxPerScan} allows, storing values in their slots. */
    void run(int round, List<Item> items, int maxPerScan) {
        for (int from = 0; from < items.size(); from += maxPerScan) {
            List<Item> chunk = items.subList(from, Math.min(items.size(), from + maxPerScan));
            compute(round, chunk);
        }
    }

    private void compute(int round, List<Item> chunk) {
        EngineException failure;
        try {
            store(chunk, scan(chunk));
            return;
        } catch (EngineException e) {
            failure = e;
        }
        context.log("round {}: the fused scan of {} metrics failed ({}); finding the profiler at fault", round, chunk.size(),
                firstLine(failure.getMessage()));
        Map<Slot, List<Item>> bySlot = bySlot(chunk);
        boolean blamed = false;
        for (Map.Entry<Slot, List<Item>> e : bySlot.entrySet()) {
            if (!plans(e.getValue())) {
                blame(round, e.getKey(), e.getValue());
                blamed = true;
            }
        }
        List<Item> rest = alive(chunk);
        if (rest.isEmpty()) return;
        if (blamed) {
            try {
                store(rest, scan(rest));
                return;
            } catch (EngineException e) {
                context.log("round {}: the scan without the failed profilers failed too ({}); scanning each profiler on its own",
                        round, firstLine(e.getMessage()));
            }
        }
        for (Map.Entry<Slot, List<Item>> e : bySlot(rest).entrySet()) {
            try {
                store(e.getValue(), scan(e.getValue()));
            } catch (EngineException ex) {
                fail(e.getKey(), "its metrics of round " + round + " fail in the engine: " + ex.getMessage(), ex);
            }
        }
    }

    /** A profiler whose expressions do not plan together: name the first that does not plan on its own. */
    private void blame(int round, Slot slot, List<Item> items) {
        for (Item item : items) {
            try {
                probe(List.of(item));
            } catch (EngineException e) {
                fail(slot, "metric '" + item.metric().key() + "' of round " + round + " fails in the engine: "
                        + e.getMessage() + " (SQL: " + shorten(item.metric().sql()) + ")", e);
                return;
            }
        }
        try {
            probe(items);
        } catch (EngineException e) {
            fail(slot, "its metrics of round " + round + " fail in the engine: " + e.getMessage(), e);
        }
    }

    private boolean plans(List<Item> items) {
        try {
            probe(items);
            return true;
        } catch (EngineException e) {
            return false;
        }
    }

    private QueryResult scan(List<Item> items) {
        scans++;
        return session.query(sql(items));
    }

    private void probe(List<Item> items) {
        probes++;
        session.query("EXPLAIN " + sql(items));
    }

    private void fail(Slot slot, String reason, Throwable cause) {
        if (slot.fail(Failure.SCAN, reason)) {
            failures.failed(slot, Failure.SCAN, reason, cause);
        }
    }

    private static void store(List<Item> items, QueryResult result) {
        if (result.rows().size() != 1) {
            throw new EngineException("a fused scan returned " + result.rows().size() + " rows instead of one");
        }
        List<Object> row = result.rows().get(0);
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String key = item.metric().key();
            item.slot().values.put(key, row.get(i + 1));
            item.slot().exact.put(key, item.metric().exact());
        }
    }

    /** {@code SELECT count(*) AS "__rows", (sql1\n) AS "m1", … FROM data} */
    static String sql(List<Item> items) {
        StringBuilder sql = new StringBuilder(64 + items.size() * 48);
        sql.append("SELECT count(*) AS \"__rows\"");
        for (Item item : items) {
            sql.append(",\n(").append(item.metric().sql()).append("\n) AS \"").append(item.alias()).append('"');
        }
        return sql.append("\nFROM data").toString();
    }

    private static Map<Slot, List<Item>> bySlot(List<Item> items) {
        Map<Slot, List<Item>> map = new LinkedHashMap<>();
        for (Item item : items) {
            if (item.slot().alive()) map.computeIfAbsent(item.slot(), s -> new ArrayList<>()).add(item);
        }
        return map;
    }

    private static List<Item> alive(List<Item> items) {
        return items.stream().filter(i -> i.slot().alive()).toList();
    }

    private static String firstLine(String text) {
        if (text == null) return "no message";
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static String shorten(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 299) + "…";
    }
}

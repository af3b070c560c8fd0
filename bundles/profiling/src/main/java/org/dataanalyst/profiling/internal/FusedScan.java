package org.dataanalyst.profiling.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.api.run.RunContext;
import org.dataanalyst.spi.profiler.Metric;

/**
 * Computes the metrics of one round, fused: every profiler's metric expressions go into ONE
 * {@code SELECT count(*), (m1) AS "m1", (m2) AS "m2", … FROM data} — split only when a round has more than
 * {@code max_metrics_per_scan} expressions, or reads more cells (rows × columns) than {@code scan_cells}: then
 * each scan takes whole columns (every profiler's metrics of a column in the same scan), because DuckDB 2.0's
 * ungrouped aggregate slows down more than linearly as the heavy aggregates of many columns share one scan
 * (round 1 of the 20-column benchmark at 10M rows: 14.2 s fused, 8.4 s column by column, each scan reading
 * only its columns). Each expression stands on lines of its own in parentheses, so
 * one profiler's SQL (a trailing {@code --} comment…) cannot change how another's is read, and the extra
 * {@code count(*)} makes the result exactly one row even when every expression is a constant.
 *
 * <p>When a fused scan fails, the profiler at fault is found without scanning again where possible: each
 * profiler's expressions are planned on their own ({@code EXPLAIN}, which reads no data), and within a
 * profiler that does not plan, each expression, to name it. The scan then runs again without the culprits.
 * An error that shows only while running (a failing cast…) is isolated by scanning each profiler's
 * expressions on their own. Only the profilers at fault fail (stage {@code scan}).
 *
 * <p><b>Memory.</b> An ungrouped aggregate cannot spill its holistic states (exact distinct counts, exact
 * quantiles, value histograms) to disk, so a round is also split by the memory its metrics' states are
 * estimated to need against the session's {@code memory_limit} ({@link ScanPlan}), keeping each column's
 * metrics together. As a safety net, a scan that still runs out of engine memory is split in halves (at a
 * column boundary where possible) and each half computed on its own, recursively, each split logged; only a
 * single metric that runs out of memory on its own fails its profiler.
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
    private int splits;
    /** The session's memory limit and threads, read at the first round; {@code memoryLimit < 0}: unknown. */
    private long memoryLimit = -2;
    private int threads = 1;
    private ScanPlan plan;

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

    /** @return scans split in halves because they ran out of engine memory, so far */
    int memorySplits() {
        return splits;
    }

    /**
     * Computes {@code items} (one round) in as few scans as {@code maxPerScan}, {@code maxColumns} and the memory
     * limit allow, storing values in their slots.
     *
     * @param maxColumns most columns one scan reads ({@code scan_cells} ÷ rows); each column's metrics stay together
     */
    void run(int round, List<Item> items, int maxPerScan, int maxColumns) {
        ScanPlan plan = plan(items);
        List<List<Item>> chunks;
        if (plan != null) {
            long budget = ScanPlan.budget(memoryLimit);
            Map<Item, ScanPlan.Cost> costs = new HashMap<>();
            for (Item item : items) costs.put(item, plan.cost(item.metric()));
            List<List<Item>> byMemory = plan.chunks(items, Item::metric, costs::get, budget, maxPerScan);
            int byCount = (items.size() + maxPerScan - 1) / maxPerScan;
            if (byMemory.size() > byCount) {
                context.log("round {}: {} metrics need about {} of engine memory in one scan; split into {} scans of at "
                        + "most {} each (memory_limit {}, {} threads)", round, items.size(),
                        mib(plan.bytes(items, costs::get)), byMemory.size(), mib(budget), mib(memoryLimit), threads);
            }
            chunks = maxColumns == Integer.MAX_VALUE ? byMemory
                    : plan.chunks(items, Item::metric, costs::get, budget, maxPerScan, maxColumns);
            if (chunks.size() > byMemory.size()) {
                context.log("round {}: {} scans of at most {} column(s) each (scan_cells)", round, chunks.size(), maxColumns);
            }
        } else {
            chunks = new ArrayList<>();
            for (int from = 0; from < items.size(); from += maxPerScan) {
                chunks.add(items.subList(from, Math.min(items.size(), from + maxPerScan)));
            }
        }
        for (List<Item> chunk : chunks) {
            compute(round, chunk);
        }
    }

    /** @return the memory plan of the version being profiled, or {@code null} when the memory limit is unknown */
    private ScanPlan plan(List<Item> items) {
        if (plan == null && memoryLimit == -2) {
            memoryLimit = -1;
            DatasetVersion version = null;
            for (Item item : items) {
                if (item.slot().input != null) {
                    version = item.slot().input.version();
                    break;
                }
            }
            if (version == null) return null;
            try {
                List<Object> row = session.query("SELECT current_setting('memory_limit'), current_setting('threads')").rows().get(0);
                memoryLimit = ScanPlan.parseSize(String.valueOf(row.get(0)));
                threads = row.get(1) instanceof Number n ? Math.max(1, n.intValue()) : 1;
            } catch (EngineException | IndexOutOfBoundsException e) {
                context.log("the engine does not say its memory limit ({}): rounds are split by the number of metrics only",
                        firstLine(e.getMessage()));
            }
            if (memoryLimit > 0) {
                plan = new ScanPlan(version.rowCount(), threads, version.schema().columns());
            }
        }
        return plan;
    }

    private void compute(int round, List<Item> chunk) {
        EngineException failure;
        try {
            store(chunk, scan(chunk));
            return;
        } catch (EngineException e) {
            failure = e;
        }
        if (outOfMemory(failure)) {
            splitOrFail(round, chunk, failure);
            return;
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
                if (outOfMemory(ex)) {
                    splitOrFail(round, e.getValue(), ex);
                } else {
                    fail(e.getKey(), "its metrics of round " + round + " fail in the engine: " + ex.getMessage(), ex);
                }
            }
        }
    }

    /**
     * A scan ran out of engine memory: computes each half on its own (recursively), or, for a single metric,
     * fails its profiler.
     */
    private void splitOrFail(int round, List<Item> chunk, EngineException failure) {
        List<Item> alive = alive(chunk);
        if (alive.isEmpty()) return;
        if (alive.size() == 1) {
            Item item = alive.get(0);
            fail(item.slot(), "metric '" + item.metric().key() + "' of round " + round + " runs out of engine memory even "
                    + "in a scan of its own: " + firstLine(failure.getMessage()) + " (SQL: " + shorten(item.metric().sql())
                    + "); raise the engine's memory_limit", failure);
            return;
        }
        int cut = cut(alive);
        splits++;
        context.log("round {}: the scan of {} metrics ran out of engine memory ({}); splitting it into scans of {} and {} metrics",
                round, alive.size(), firstLine(failure.getMessage()), cut, alive.size() - cut);
        compute(round, new ArrayList<>(alive.subList(0, cut)));
        compute(round, new ArrayList<>(alive.subList(cut, alive.size())));
    }

    /** @return where to halve items: at the column boundary nearest the middle, else the middle */
    static int cut(List<Item> items) {
        int middle = items.size() / 2;
        for (int d = 0; d < middle; d++) {
            for (int at : new int[] {middle - d, middle + d}) {
                if (at > 0 && at < items.size()
                        && !java.util.Objects.equals(items.get(at - 1).metric().column(), items.get(at).metric().column())) {
                    return at;
                }
            }
        }
        return middle;
    }

    /** @return whether the engine failed for want of memory (DuckDB: "Out of Memory Error: …") */
    static boolean outOfMemory(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.toLowerCase(Locale.ROOT).contains("out of memory")) return true;
        }
        return false;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
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

    private void store(List<Item> items, QueryResult result) {
        if (result.rows().size() != 1) {
            throw new EngineException("a fused scan returned " + result.rows().size() + " rows instead of one");
        }
        List<Object> row = result.rows().get(0);
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String key = item.metric().key();
            item.slot().values.put(key, row.get(i + 1));
            item.slot().exact.put(key, item.metric().exact());
            if (plan != null) plan.learn(item.metric(), row.get(i + 1));
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

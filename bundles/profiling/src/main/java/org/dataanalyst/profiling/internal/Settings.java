package org.dataanalyst.profiling.internal;

import java.time.Duration;

import org.dataanalyst.spi.profiler.Profiler;

/**
 * Profiling settings in effect for one run.
 *
 * @param budget             most time one profiler's own code may take in one profile
 * @param maxRounds          most rounds of metrics (1..{@value Profiler#MAX_ROUNDS})
 * @param sampleRows         most rows accumulators receive
 * @param maxMetricsPerScan  most metric expressions in one fused SELECT
 * @param scanCells          most cells (rows × columns read) one fused SELECT covers; 0: no limit
 */
record Settings(Duration budget, int maxRounds, int sampleRows, int maxMetricsPerScan, long scanCells) {

    /** The default of {@code scan_cells}. */
    static final long SCAN_CELLS = 4_000_000L;

    static final Settings DEFAULT = new Settings(Duration.ofSeconds(60), Profiler.MAX_ROUNDS, 100_000, 2000, SCAN_CELLS);

    Settings {
        if (budget == null || budget.isNegative() || budget.isZero()) throw new IllegalArgumentException("budget must be positive");
        maxRounds = Math.max(1, Math.min(Profiler.MAX_ROUNDS, maxRounds));
        sampleRows = Math.max(1, sampleRows);
        maxMetricsPerScan = Math.max(10, maxMetricsPerScan);
        scanCells = Math.max(0, scanCells);
    }

    Settings(Duration budget, int maxRounds, int sampleRows, int maxMetricsPerScan) {
        this(budget, maxRounds, sampleRows, maxMetricsPerScan, SCAN_CELLS);
    }

    static Settings of(ProfilingConfig config) {
        return new Settings(Duration.ofSeconds(Math.max(1, config.budget__seconds())), config.max__rounds(),
                config.sample__rows(), config.max__metrics__per__scan(), config.scan__cells());
    }

    Settings withBudget(Duration newBudget) {
        return new Settings(newBudget, maxRounds, sampleRows, maxMetricsPerScan, scanCells);
    }

    /** @return most columns one fused scan of a version with {@code rows} rows reads (at least 1) */
    int columnsPerScan(long rows) {
        if (scanCells <= 0 || rows <= 0) return Integer.MAX_VALUE;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, scanCells / rows));
    }
}

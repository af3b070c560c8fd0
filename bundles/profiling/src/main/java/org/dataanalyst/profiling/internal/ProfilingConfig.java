package org.dataanalyst.profiling.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of profiling (PID {@value ProfileRunType#PID}). Element names use {@code __} so that the
 * property names are {@code budget_seconds} etc.
 */
@ObjectClassDefinition(id = ProfileRunType.PID, name = "data-analyst profiling",
        description = "How profile runs compute: time budget per profiler, rounds of metrics, accumulator sample, scan size")
public @interface ProfilingConfig {

    @AttributeDefinition(name = "Budget per profiler (seconds)", min = "1",
            description = "Most time one profiler's own code (metrics, accumulators, interpret) may take in one profile; "
                    + "a profiler that takes longer fails its section with stage 'budget', the profile goes on")
    int budget__seconds() default 60;

    @AttributeDefinition(name = "Rounds of metrics", min = "1", max = "3",
            description = "Most rounds of metrics a profile computes (at most the SPI's Profiler.MAX_ROUNDS = 3)")
    int max__rounds() default 3;

    @AttributeDefinition(name = "Accumulator sample (rows)", min = "1",
            description = "Most rows the accumulators of a profile receive: a version with more rows is sampled "
                    + "(reservoir sample, seed 42)")
    int sample__rows() default 100_000;

    @AttributeDefinition(name = "Metrics per scan", min = "10",
            description = "Most metric expressions fused into one SELECT; a round with more is split into several scans")
    int max__metrics__per__scan() default 2000;

    @AttributeDefinition(name = "Cells per scan", min = "0",
            description = "Most cells (rows x columns read) one fused scan covers: a round over more columns is split "
                    + "into scans of whole columns (each column's metrics stay together, at least one column per scan), "
                    + "because DuckDB's ungrouped aggregates slow down more than linearly as heavy aggregates of many "
                    + "columns share one scan; 0: no limit")
    long scan__cells() default Settings.SCAN_CELLS;
}

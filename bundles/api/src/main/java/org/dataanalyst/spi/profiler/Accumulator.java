package org.dataanalyst.spi.profiler;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A figure SQL cannot express (pattern mining, a sketch for mergeable/incremental profiles), fed by
 * ONE streaming scan the platform shares between all accumulators of a profile. Mergeable: the
 * platform may feed several instances in parallel and {@link #merge} them.
 */
@ConsumerType
public interface Accumulator {

    /** @return a name unique within the profiler; its result appears under it in {@link Profiler#interpret} */
    String name();

    /** @return the columns it needs, in the order {@link #accept} receives them */
    List<String> columns();

    /**
     * @return the most rows it wants: {@code 0} for every row, else a sample of at most that many rows
     *         (the platform documents how it samples: {@code USING SAMPLE reservoir(n ROWS) REPEATABLE (42)})
     */
    default long sampleRows() {
        return 0;
    }

    /** Receives one row's values of {@link #columns()} (types as on {@link MetricValues}). */
    void accept(Object[] values);

    /** Merges another instance created by the same profiler for the same profile into this one. */
    void merge(Accumulator other);

    /** @return the JSON-compatible result */
    Object result();
}

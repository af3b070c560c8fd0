package org.dataanalyst.spi.profiler;

import java.util.Objects;

/**
 * One figure a profiler asks for, as an SQL <em>aggregate expression</em> over the staged dataset
 * version. The platform fuses every profiler's metrics of a round into as few scans as possible
 * ({@code SELECT m1, m2, … FROM <version>}), so the same profile could be pushed down to another SQL
 * engine; a round over many cells is split into scans of whole columns (the metrics of one column, of
 * every profiler, always share a scan). Name the metric's column in {@code column}: that is how its metrics
 * are kept together. Refer to columns by their quoted names ({@link Profilers#quote}); do not name the relation.
 *
 * @param name   unique within the profiler and column, e.g. {@code null_count}
 * @param column the column it is about, or {@code null} for a dataset-level metric
 * @param sql    an aggregate expression, e.g. {@code count(*) FILTER (WHERE "price" IS NULL)}
 * @param exact  whether the result is exact ({@code false} for sketches such as {@code approx_count_distinct})
 */
public record Metric(String name, String column, String sql, boolean exact) {
    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
    }

    /** @return the key of this metric's value in {@link MetricValues}: {@code column + "/" + name} */
    public String key() {
        return MetricValues.key(column, name);
    }
}

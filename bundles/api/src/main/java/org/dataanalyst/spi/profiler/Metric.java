package org.dataanalyst.spi.profiler;

/**
 * One figure a profiler asks for, as an SQL aggregate expression over the staged dataset.
 *
 * @param name       unique within the profiler and column, e.g. {@code null_count}
 * @param column     the column it is about, or {@code null} for a dataset-level metric
 * @param sql        an aggregate expression, e.g. {@code count(*) FILTER (WHERE "price" IS NULL)}
 * @param exact      whether the result is exact ({@code false} for sketches such as {@code approx_count_distinct})
 */
public record Metric(String name, String column, String sql, boolean exact) {
    public Metric {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(sql, "sql");
    }
}

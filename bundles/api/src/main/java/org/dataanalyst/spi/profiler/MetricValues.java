package org.dataanalyst.spi.profiler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The computed values of a profiler's metrics, by {@link #key(String, String) key}. Values are plain
 * Java objects as documented on {@link org.dataanalyst.api.engine.QueryResult} ({@code Long},
 * {@code Double}, {@code BigDecimal}, {@code String}, {@code Boolean}, {@code java.time} types; lists,
 * maps and structs as the engine's text form).
 */
public final class MetricValues {
    private final Map<String, Object> values;
    private final Map<String, Boolean> exact;

    /**
     * @param values by key; a value may be {@code null} (SQL NULL)
     * @param exact  by key: whether the value is exact
     */
    public MetricValues(Map<String, Object> values, Map<String, Boolean> exact) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.exact = Map.copyOf(exact);
    }

    /** An empty set of values (before the first round). */
    public static MetricValues none() {
        return new MetricValues(Map.of(), Map.of());
    }

    /** @return the key of a metric: {@code column + "/" + name}, or {@code "/" + name} for a dataset-level one */
    public static String key(String column, String name) {
        return (column == null ? "" : column) + "/" + name;
    }

    /** @return whether the metric was computed (its value may still be {@code null}) */
    public boolean has(String column, String name) {
        return values.containsKey(key(column, name));
    }

    /** @return the value, or {@code null} when it is SQL NULL or was not computed */
    public Object get(String column, String name) {
        return values.get(key(column, name));
    }

    /** @return the value as a number, if it is one */
    public Optional<Number> number(String column, String name) {
        return get(column, name) instanceof Number n ? Optional.of(n) : Optional.empty();
    }

    /** @return whether the value is exact ({@code false} when it was not computed) */
    public boolean exact(String column, String name) {
        return exact.getOrDefault(key(column, name), false);
    }

    /** @return every value by key */
    public Map<String, Object> asMap() {
        return values;
    }
}

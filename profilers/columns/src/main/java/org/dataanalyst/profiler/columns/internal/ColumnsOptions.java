package org.dataanalyst.profiler.columns.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of the column profiler ({@code params.profilers.columns}), with their defaults. Every
 * key is optional; docs/profilers.md explains each.
 */
record ColumnsOptions(
        int topK,
        int bins,
        long exactDistinctMax,
        long uniqueCheckMaxRows,
        long exactQuantilesMaxRows,
        long histogramMaxDistinct,
        long valueCountsMaxDistinct,
        long categoricalMaxDistinct,
        boolean monotonicity,
        long monotonicityMaxRows,
        double highMissingPct,
        long highCardinality,
        double skewness,
        double manyZerosPct,
        double imbalance,
        double mixedMinPct,
        double mixedMaxPct,
        double patternMinPct,
        List<String> columns) {

    /** One option: key, JSON type, default, bounds, description. */
    private record Spec(String key, String type, Object dflt, Number min, Number max, String description) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("top_k", "integer", 10, 1, 100,
                    "Most frequent values listed for categorical and text columns."),
            new Spec("bins", "integer", 20, 2, 200,
                    "Histogram bins for numeric and date/time columns (equal width between min and max)."),
            new Spec("exact_distinct_max", "integer", 100_000L, 0, null,
                    "Distinct counts are exact (count(DISTINCT)) when the HyperLogLog estimate of round 0 is at most "
                            + "this. Above it, integer and date columns spanning fewer than 2^26 values are still "
                            + "counted exactly with a bitmap (bitstring_agg); others stay approximate."),
            new Spec("unique_check_max_rows", "integer", 1_000_000L, 0, null,
                    "Integer, text and UUID columns that look unique (estimate >= 90 % of the values) and cannot be "
                            + "counted by a bitmap get an exact distinct count (count(DISTINCT), about 100 bytes of "
                            + "engine memory per value) when they hold at most this many values, so the unique alert "
                            + "and the identifier type are exact."),
            new Spec("exact_quantiles_max_rows", "integer", 1_000_000L, 0, null,
                    "Quantiles are exact (quantile_cont) when the version has at most this many rows, else "
                            + "approximate (approx_quantile, a t-digest)."),
            new Spec("histogram_max_distinct", "integer", 1000L, 1, 100_000,
                    "Text and categorical columns with at most this many distinct values (estimate) get exact "
                            + "value counts; above it the top values come from approx_top_k."),
            new Spec("value_counts_max_distinct", "integer", 10_000L, 0, 1_000_000,
                    "Numeric and date columns with at most this many distinct values (estimate) are counted value by "
                            + "value (histogram): their distinct count, quantiles and histogram bins then come exactly "
                            + "from the counts, whatever the number of rows."),
            new Spec("categorical_max_distinct", "integer", 50L, 1, null,
                    "Text and integer columns with at most this many distinct values are categorical."),
            new Spec("monotonicity", "boolean", true, null, null,
                    "Whether to check numeric and date/time columns for increasing/decreasing order in the file."),
            new Spec("monotonicity_max_rows", "integer", 10_000L, 0, null,
                    "Up to this many rows the order check streams the rows of those columns through an accumulator; "
                            + "above it, it runs in SQL (first and last value in file order against min and max, then a "
                            + "window for the columns that can be monotonic), which is cheaper for larger versions."),
            new Spec("high_missing_pct", "number", 20.0, 0, 100,
                    "Alert high_missing when at least this percentage of a column's values is missing."),
            new Spec("high_cardinality", "integer", 50L, 1, null,
                    "Alert high_cardinality when a text column that is not unique has more distinct values than this."),
            new Spec("skewness", "number", 1.0, 0, null,
                    "Alert skewed when the absolute sample skewness is above this."),
            new Spec("many_zeros_pct", "number", 10.0, 0, 100,
                    "Alert many_zeros when at least this percentage of a numeric column's values is 0."),
            new Spec("imbalance", "number", 0.5, 0, 1,
                    "Alert imbalance when 1 - entropy/ln(k) of a categorical column's k values is above this."),
            new Spec("mixed_min_pct", "number", 10.0, 0, 100,
                    "Alert mixed_types when between mixed_min_pct and mixed_max_pct of a text column's values look "
                            + "like numbers (or like dates)."),
            new Spec("mixed_max_pct", "number", 90.0, 0, 100,
                    "Upper bound of the mixed_types band; at or above it the text column is reported as numeric "
                            + "(or date) text instead."),
            new Spec("pattern_min_pct", "number", 90.0, 0, 100,
                    "A text column gets a pattern (email, url, uuid, phone, number, date) when at least this "
                            + "percentage of its values match it."));

    /** @return the options with every default */
    static ColumnsOptions defaults() {
        return from(Map.of());
    }

    /**
     * @param options {@code params.profilers.columns}; unknown keys are refused
     * @throws IllegalArgumentException naming the option when a value is of the wrong type or out of range
     */
    static ColumnsOptions from(Map<String, Object> options) {
        Map<String, Object> in = options == null ? Map.of() : options;
        for (String key : in.keySet()) {
            if (!key.equals("columns") && SPECS.stream().noneMatch(s -> s.key().equals(key))) {
                throw new IllegalArgumentException("Unknown option '" + key + "' of the columns profiler; known: "
                        + String.join(", ", SPECS.stream().map(Spec::key).toList()) + ", columns");
            }
        }
        List<String> columns = List.of();
        if (in.get("columns") != null) {
            if (!(in.get("columns") instanceof List<?> list)) {
                throw new IllegalArgumentException("Option 'columns' of the columns profiler must be a list of names");
            }
            List<String> names = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new IllegalArgumentException("Option 'columns' of the columns profiler must be a list of names");
                }
                names.add(s);
            }
            columns = List.copyOf(names);
        }
        if (number(in, "mixed_min_pct") > number(in, "mixed_max_pct")) {
            throw new IllegalArgumentException("Option 'mixed_min_pct' of the columns profiler must not exceed 'mixed_max_pct'");
        }
        return new ColumnsOptions((int) integer(in, "top_k"), (int) integer(in, "bins"),
                integer(in, "exact_distinct_max"), integer(in, "unique_check_max_rows"),
                integer(in, "exact_quantiles_max_rows"), integer(in, "histogram_max_distinct"),
                integer(in, "value_counts_max_distinct"),
                integer(in, "categorical_max_distinct"), bool(in, "monotonicity"), integer(in, "monotonicity_max_rows"),
                number(in, "high_missing_pct"),
                integer(in, "high_cardinality"), number(in, "skewness"), number(in, "many_zeros_pct"),
                number(in, "imbalance"), number(in, "mixed_min_pct"), number(in, "mixed_max_pct"),
                number(in, "pattern_min_pct"), columns);
    }

    /** @return the JSON Schema of the options, with defaults and descriptions */
    static Map<String, Object> schema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Spec s : SPECS) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", s.type());
            p.put("default", s.dflt());
            if (s.min() != null) {
                p.put("minimum", s.min());
            }
            if (s.max() != null) {
                p.put("maximum", s.max());
            }
            p.put("description", s.description());
            properties.put(s.key(), java.util.Collections.unmodifiableMap(p));
        }
        properties.put("columns", Map.of("type", "array", "items", Map.of("type", "string"),
                "description", "Profile only these columns (default: every column)."));
        return Map.of("type", "object", "additionalProperties", false, "properties",
                java.util.Collections.unmodifiableMap(properties));
    }

    private static Spec spec(String key) {
        return SPECS.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }

    private static Object raw(Map<String, Object> in, String key) {
        Object v = in.get(key);
        return v == null ? spec(key).dflt() : v;
    }

    private static long integer(Map<String, Object> in, String key) {
        Object v = raw(in, key);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("Option '" + key + "' of the columns profiler must be an integer, not " + v);
        }
        check(key, n.doubleValue());
        return n.longValue();
    }

    private static double number(Map<String, Object> in, String key) {
        Object v = raw(in, key);
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException("Option '" + key + "' of the columns profiler must be a number, not " + v);
        }
        check(key, n.doubleValue());
        return n.doubleValue();
    }

    private static boolean bool(Map<String, Object> in, String key) {
        Object v = raw(in, key);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("Option '" + key + "' of the columns profiler must be true or false, not " + v);
        }
        return b;
    }

    private static void check(String key, double value) {
        Spec s = spec(key);
        if ((s.min() != null && value < s.min().doubleValue()) || (s.max() != null && value > s.max().doubleValue())) {
            throw new IllegalArgumentException("Option '" + key + "' of the columns profiler must be "
                    + (s.max() == null ? "at least " + s.min() : "between " + s.min() + " and " + s.max())
                    + ", not " + value);
        }
    }
}

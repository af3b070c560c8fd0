package org.dataanalyst.profiler.columns.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.dataanalyst.profiler.columns.internal.ColumnsPlanner.Binning;
import org.dataanalyst.profiler.columns.internal.ColumnsPlanner.Target;
import org.dataanalyst.spi.profiler.MetricValues;
import org.dataanalyst.spi.profiler.Section;
import org.dataanalyst.spi.profiler.Section.Alert;
import org.dataanalyst.spi.profiler.Section.Severity;

/** Turns the metric values of every round into the {@code columns} section, its alerts included. */
final class ColumnsInterpreter {

    /**
     * The stated relative error of DuckDB's {@code approx_count_distinct} (HyperLogLog): measured on DuckDB
     * 2.0.0 over 22 000 columns of 20 to 1 000 000 distinct values, the relative standard error was 2–3.5 %
     * and the 99th percentile 6–10 %; 0.1 is the bound we state (docs/profilers.md).
     */
    static final double HLL_ERROR = 0.1;
    /**
     * The stated rank error of DuckDB's {@code approx_quantile} (a t-digest): the value reported for
     * fraction p lies between the exact quantiles at p - 0.01 and p + 0.01.
     */
    static final double QUANTILE_RANK_ERROR = 0.01;

    private static final Pattern ID_NAME = Pattern.compile(
            "(?i)(^(id|key|uuid|guid|pk)$)|([_\\-\\s.](id|key|uuid|guid|no|nr|code|number)$)|((?-i)[a-z0-9](Id|ID|Key|Uuid|No|Nr)$)");

    private final ColumnsPlanner planner;
    private final ColumnsOptions o;
    private final MetricValues v;
    private final Map<String, Object> monotonicity;
    private final List<Alert> alerts = new ArrayList<>();

    /**
     * @param monotonicity the {@link MonotonicityAccumulator} result, or {@code null} when it did not run
     */
    ColumnsInterpreter(ColumnsPlanner planner, MetricValues values, Map<String, Object> monotonicity) {
        this.planner = planner;
        this.o = planner.options();
        this.v = values;
        this.monotonicity = monotonicity;
    }

    Section section() {
        List<Object> columns = new ArrayList<>();
        for (Target t : planner.targets()) {
            columns.add(column(t));
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("rows", Figures.exact(Figures.count(v.get(null, "rows"))));
        content.put("columns", columns);
        content.put("quantiles_exact", planner.exactQuantiles());
        return new Section(content, alerts, List.of());
    }

    private Object get(Target t, String name) {
        return v.get(t.name(), name);
    }

    private Map<String, Object> column(Target t) {
        long rows = Figures.count(v.get(null, "rows"));
        long n = Figures.count(get(t, "count"));
        long missing = rows - n;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("count", Figures.exact(n));
        figures.put("missing", Figures.exact(missing));
        figures.put("missing_pct", Figures.exact(Figures.pct(missing, rows)));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", t.name());
        out.put("type", t.type());
        out.put("position", t.position());
        List<String> notes = new ArrayList<>();

        // distinct: exact from the value counts or count(DISTINCT), else the HyperLogLog estimate
        Map<String, Object> counts = parseObject(get(t, "values"));
        Long distinct = null;
        boolean distinctExact = false;
        if (t.kind() == Kind.NULL || n == 0) {
            distinct = 0L;
            distinctExact = true;
        } else if (t.kind() == Kind.BOOLEAN) {
            long trues = Figures.count(get(t, "true_count"));
            distinct = (long) ((trues > 0 ? 1 : 0) + (n - trues > 0 ? 1 : 0));
            distinctExact = true;
        } else if (counts != null) {
            distinct = (long) counts.size();
            distinctExact = true;
        } else if (parseObject(get(t, "counted")) != null) {
            distinct = (long) parseObject(get(t, "counted")).size();
            distinctExact = true;
        } else if (v.has(t.name(), "distinct")) {
            distinct = Figures.count(get(t, "distinct"));
            distinctExact = true;
        } else if (v.has(t.name(), "distinct_approx")) {
            distinct = Math.min(n, Figures.count(get(t, "distinct_approx")));
        }
        if (distinct != null) {
            figures.put("distinct", Figures.of(distinct, distinctExact, HLL_ERROR));
            figures.put("distinct_pct", Figures.of(Figures.pct(distinct, n), distinctExact, HLL_ERROR));
        }
        boolean unique = distinctExact && distinct != null && n >= 2 && distinct == n;

        if (t.kind().ordered() && t.kind() != Kind.BOOLEAN && !t.kind().numeric()) {
            figures.put("min", Figures.exact(get(t, "min")));
            figures.put("max", Figures.exact(get(t, "max")));
        }
        if (t.kind() == Kind.STRING) {
            long empty = Figures.count(get(t, "empty"));
            figures.put("empty", Figures.exact(empty));
            figures.put("empty_pct", Figures.exact(Figures.pct(empty, n)));
        }
        Double skewness = null;
        if (t.kind().numeric()) {
            skewness = numericFigures(t, n, figures);
        }
        if (t.kind() == Kind.BOOLEAN) {
            long trues = Figures.count(get(t, "true_count"));
            figures.put("true", Figures.exact(trues));
            figures.put("false", Figures.exact(n - trues));
            figures.put("true_pct", Figures.exact(Figures.pct(trues, n)));
        }
        out.put("figures", figures);

        // patterns of text
        String pattern = null;
        Map<String, Object> shares = new LinkedHashMap<>();
        if (t.kind() == Kind.STRING && n > 0) {
            for (String p : ColumnsPlanner.PATTERNS.keySet()) {
                if (!v.has(t.name(), "p_" + p)) {
                    continue; // its pre-filter matched too few values for the pattern to matter
                }
                double share = 100.0 * Figures.count(get(t, "p_" + p)) / n;
                shares.put(p, Figures.exact(share));
                if (pattern == null && share >= o.patternMinPct()) {
                    pattern = p;
                }
            }
            out.put("patterns", shares);
        }

        // histogram
        Map<String, Object> histogram = histogram(t, n, counts);
        Map<String, Object> lengths = lengths(t);
        String semantic = semanticType(t, n, distinct, distinctExact, unique, pattern);
        out.put("semantic_type", semantic);
        out.put("pattern", pattern);
        out.put("histogram", histogram);
        out.put("lengths", lengths);
        out.put("date_range", dateRange(t));
        out.put("monotonic", monotonic(t, "order"));
        if (monotonicity != null && t.kind().sequential()) {
            out.put("monotonic_strict", monotonic(t, "strict"));
        }
        if (t.kind().nested()) {
            notes.add("nested values: count, missing and distinct (of the text form) only"
                    + (t.kind() == Kind.STRUCT ? "" : "; lengths are element counts"));
        } else if (t.kind() == Kind.BLOB) {
            notes.add("binary values: lengths are in bytes");
        } else if (t.kind() == Kind.OTHER || t.kind() == Kind.INTERVAL || t.kind() == Kind.TIME_TZ) {
            notes.add("type " + t.type() + ": count, missing, distinct" + (t.kind().ordered() ? ", min and max" : "") + " only");
        } else if (t.kind() == Kind.NULL) {
            notes.add("the column holds no values");
        }
        if (monotonicity == null && t.kind().sequential() && o.monotonicity() && n > 0) {
            notes.add("order not checked (the query over the rows in file order failed; see the run log)");
        }
        if (t.kind() == Kind.FLOAT && Figures.count(get(t, "nonfinite")) > 0) {
            notes.add("statistics, quantiles and bins leave out NaN and infinite values");
        }
        if (!notes.isEmpty()) {
            out.put("notes", notes);
        }
        List<Long> fullCounts = null;
        if (counts != null) {
            fullCounts = counts.values().stream().map(Figures::count).toList();
        } else if (t.kind() == Kind.BOOLEAN && n > 0) {
            long trues = Figures.count(get(t, "true_count"));
            fullCounts = java.util.stream.LongStream.of(trues, n - trues).filter(x -> x > 0).boxed().toList();
        }
        alerts(t, rows, n, missing, distinct, distinctExact, unique, semantic, histogram, fullCounts, skewness, shares);
        return out;
    }

    /** @return the sample skewness, for the alert */
    private Double numericFigures(Target t, long n, Map<String, Object> figures) {
        boolean finite = t.kind() == Kind.FLOAT && Figures.count(get(t, "nonfinite")) > 0;
        String p = finite ? ColumnsPlanner.FINITE : "";
        if (finite && !v.has(t.name(), p + "min")) {
            return null; // round 1 did not run
        }
        boolean qExact = planner.exactQuantiles();
        long count = finite ? Figures.count(get(t, p + "count")) : n;
        figures.put("min", Figures.exact(get(t, p + "min")));
        figures.put("max", Figures.exact(get(t, p + "max")));
        Moments m = null;
        Double c = ColumnsPlanner.provisionalMean(t, v, p);
        if (c != null && get(t, p + "s1") instanceof Number s1 && get(t, p + "s2") instanceof Number s2
                && get(t, p + "s3") instanceof Number s3 && get(t, p + "s4") instanceof Number s4) {
            m = Moments.of(count, c, s1.doubleValue(), s2.doubleValue(), s3.doubleValue(), s4.doubleValue());
        }
        // an exact sum (integers, decimals) divides exactly; a float sum is refined by the deviations' sum
        Object mean = get(t, p + "sum") instanceof Number && v.exact(t.name(), p + "sum") && t.kind() != Kind.FLOAT
                ? c : m == null ? c : Double.valueOf(m.mean());
        figures.put("mean", Figures.exact(mean));
        figures.put("std", Figures.exact(m == null ? null : m.std()));
        figures.put("variance", Figures.exact(m == null ? null : m.variance()));
        figures.put("skewness", Figures.exact(m == null ? null : m.skewness()));
        figures.put("kurtosis", Figures.exact(m == null ? null : m.kurtosis()));
        boolean sumExact = v.exact(t.name(), p + "sum");
        // a DOUBLE sum of n values: relative to the sum of the absolute values, off by at most ~n·2^-53
        figures.put("sum", Figures.of(get(t, p + "sum"), sumExact, sumExact ? null : Math.max(1, count) * 0x1.0p-53));
        long zeros = Figures.count(get(t, "zeros"));
        long negatives = Figures.count(get(t, "negatives"));
        figures.put("zeros", Figures.exact(zeros));
        figures.put("zeros_pct", Figures.exact(Figures.pct(zeros, n)));
        figures.put("negatives", Figures.exact(negatives));
        figures.put("negatives_pct", Figures.exact(Figures.pct(negatives, n)));
        // quantiles: from the counts of every value where the planner asked for them (exact), else the aggregate's
        Map<String, Object> counted = finite ? null : parseObject(get(t, "values"));
        if (counted == null && !finite) {
            counted = parseObject(get(t, "counted"));
        }
        Map<String, Object> quantiles = new LinkedHashMap<>();
        if (counted != null) {
            qExact = true;
            double[] fractions = ColumnsPlanner.FRACTIONS;
            double[] values = quantiles(counted, fractions, key -> binValue(t, key));
            for (int i = 0; i < fractions.length; i++) {
                quantiles.put(ColumnsPlanner.QUANTILE_NAMES.get(i), values == null ? null : values[i]);
            }
        } else {
            for (String q : ColumnsPlanner.QUANTILE_NAMES) {
                quantiles.put(q, get(t, p + q));
            }
        }
        for (String q : ColumnsPlanner.QUANTILE_NAMES) {
            figures.put(q, Figures.of(quantiles.get(q), qExact, QUANTILE_RANK_ERROR));
        }
        Object q1 = quantiles.get("q25");
        Object q3 = quantiles.get("q75");
        Object iqr = null;
        if (q1 instanceof BigDecimal a && q3 instanceof BigDecimal b) {
            iqr = b.subtract(a);
        } else if (q1 instanceof Number a && q3 instanceof Number b) {
            iqr = b.doubleValue() - a.doubleValue();
        }
        figures.put("iqr", Figures.of(iqr, qExact, QUANTILE_RANK_ERROR));
        if (t.kind() == Kind.FLOAT) {
            long nonfinite = Figures.count(get(t, "nonfinite"));
            long nan = finite ? Figures.count(get(t, "nan")) : 0;
            figures.put("nan", Figures.exact(nan));
            figures.put("infinite", Figures.exact(nonfinite - nan));
        }
        return m == null || m.skewness() == null || !Double.isFinite(m.skewness()) ? null : m.skewness();
    }

    /**
     * The quantiles of values given with their counts, as DuckDB's {@code quantile_cont} computes them (R-7, in
     * DOUBLE): for fraction p, h = (n - 1) p, and the values at sorted positions floor(h) and ceil(h) are
     * interpolated: {@code lo + (h - floor(h)) * (hi - lo)}.
     *
     * @param counts by value (the JSON keys of {@code histogram}), counts as numbers
     * @param value  a key as the DOUBLE the engine computes with (NaN when it is not one)
     * @return the quantiles, or {@code null} when there are no values or a key is not a number
     */
    static double[] quantiles(Map<String, Object> counts, double[] fractions, java.util.function.ToDoubleFunction<String> value) {
        List<double[]> pairs = new ArrayList<>();
        long n = 0;
        for (Map.Entry<String, Object> e : counts.entrySet()) {
            double x = value.applyAsDouble(e.getKey());
            if (Double.isNaN(x)) {
                return null;
            }
            long c = Figures.count(e.getValue());
            pairs.add(new double[] {x, c});
            n += c;
        }
        if (n == 0) {
            return null;
        }
        pairs.sort(Comparator.comparingDouble(a -> a[0]));
        double[] out = new double[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            double h = (n - 1) * fractions[i];
            long lo = (long) Math.floor(h);
            long hi = (long) Math.ceil(h);
            double a = at(pairs, lo);
            double b = lo == hi ? a : at(pairs, hi);
            out[i] = lo == hi ? a : a + (h - lo) * (b - a);
        }
        return out;
    }

    /** @return the value at a 0-based position of the sorted values */
    private static double at(List<double[]> sorted, long position) {
        long seen = 0;
        for (double[] pair : sorted) {
            seen += (long) pair[1];
            if (position < seen) {
                return pair[0];
            }
        }
        return sorted.get(sorted.size() - 1)[0];
    }

    // ------------------------------------------------------------------ histogram

    private Map<String, Object> histogram(Target t, long n, Map<String, Object> counts) {
        if (n == 0) {
            return null;
        }
        if (t.kind() == Kind.BOOLEAN) {
            long trues = Figures.count(get(t, "true_count"));
            List<Map<String, Object>> values = new ArrayList<>();
            values.add(entry(trues >= n - trues, trues >= n - trues ? trues : n - trues));
            values.add(entry(trues < n - trues, trues < n - trues ? trues : n - trues));
            values.removeIf(e -> ((Long) e.get("count")) == 0);
            return topK(values, 0, true);
        }
        if (counts != null) {
            List<Map<String, Object>> all = new ArrayList<>();
            for (Map.Entry<String, Object> e : counts.entrySet()) {
                all.add(entry(typedKey(t, e.getKey()), Figures.count(e.getValue())));
            }
            all.sort(Comparator.comparingLong((Map<String, Object> e) -> (Long) e.get("count")).reversed()
                    .thenComparing(e -> String.valueOf(e.get("value"))));
            List<Map<String, Object>> top = new ArrayList<>(all.subList(0, Math.min(o.topK(), all.size())));
            long listed = top.stream().mapToLong(e -> (Long) e.get("count")).sum();
            Map<String, Object> h = topK(top, n - listed, true);
            h.put("distinct", all.size());
            return h;
        }
        if (v.get(t.name(), "top_approx") instanceof String json) {
            List<Object> candidates = ColumnsPlanner.topValues(json);
            List<Map<String, Object>> top = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                if (v.has(t.name(), "top_count_" + i)) {
                    top.add(entry(candidates.get(i), Figures.count(get(t, "top_count_" + i))));
                }
            }
            if (top.isEmpty()) {
                return null;
            }
            top.sort(Comparator.comparingLong((Map<String, Object> e) -> (Long) e.get("count")).reversed());
            long listed = top.stream().mapToLong(e -> (Long) e.get("count")).sum();
            return topK(top, n - listed, false);
        }
        Map<String, Object> valueCounts = parseObject(get(t, "counted"));
        if (valueCounts != null) {
            return binsFromCounts(t, valueCounts);
        }
        if (v.get(t.name(), "bins") instanceof String json) {
            boolean finite = t.kind() == Kind.FLOAT && Figures.count(get(t, "nonfinite")) > 0;
            String p = finite ? ColumnsPlanner.FINITE : "";
            Binning b = planner.binning(t, get(t, p + "min"), get(t, p + "max"));
            if (b == null) {
                return null;
            }
            // the counts of histogram(x, [bounds]) by bound, then of the values above the last bound: all in the last bin
            List<?> byBound = JsonText.parse(json) instanceof List<?> l ? l : List.of();
            List<Long> binCounts = new ArrayList<>();
            for (int i = 0; i < b.count(); i++) {
                binCounts.add(0L);
            }
            for (int i = 0; i < byBound.size(); i++) {
                int bin = Math.min(i, b.count() - 1);
                binCounts.set(bin, binCounts.get(bin) + Figures.count(byBound.get(i)));
            }
            return bins(t, b, binCounts);
        }
        return null;
    }

    private static Map<String, Object> bins(Target t, Binning b, List<Long> binCounts) {
        List<Object> edges = new ArrayList<>();
        List<Double> raw = b.width() == 0 ? List.of(b.lo(), b.lo()) : b.edges();
        for (double e : raw) {
            edges.add(edge(t, e));
        }
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("kind", "bins");
        h.put("edges", edges);
        h.put("counts", binCounts);
        h.put("exact", true);
        return h;
    }

    /**
     * The bins of a column counted value by value: each value's bin by the same formula as the engine's bins
     * ({@link ColumnsPlanner#bin}), on the same DOUBLE ({@link #binValue}); infinite dates are in no bin.
     */
    private Map<String, Object> binsFromCounts(Target t, Map<String, Object> counts) {
        Binning b = planner.binning(t, get(t, "min"), get(t, "max"));
        if (b == null) {
            return null;
        }
        List<Long> binCounts = new ArrayList<>();
        for (int i = 0; i < b.count(); i++) {
            binCounts.add(0L);
        }
        for (Map.Entry<String, Object> e : counts.entrySet()) {
            double x = binValue(t, e.getKey());
            if (!Double.isFinite(x)) {
                continue;
            }
            int bin = (int) ColumnsPlanner.bin(b, x);
            binCounts.set(bin, binCounts.get(bin) + Figures.count(e.getValue()));
        }
        return bins(t, b, binCounts);
    }

    /**
     * @return a value's text (a key of {@code histogram}) as the DOUBLE the engine bins and interpolates: numbers
     *         as {@code q::DOUBLE} (a REAL widened exactly), dates in days since 1970-01-01; NaN when unreadable
     */
    static double binValue(Target t, String key) {
        try {
            if (t.kind() == Kind.DATE) {
                return java.time.LocalDate.parse(key).toEpochDay();
            }
            String type = t.type().strip().toUpperCase(Locale.ROOT);
            if (type.equals("FLOAT") || type.equals("REAL") || type.equals("FLOAT4")) {
                return Float.parseFloat(key);
            }
            if (t.kind() == Kind.FLOAT) {
                return Double.parseDouble(key);
            }
            return new BigDecimal(key).doubleValue();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static Object edge(Target t, double e) {
        return switch (t.kind()) {
            case DATE -> Figures.temporalText(Kind.DATE, e * 86_400.0);
            case TIMESTAMP, TIMESTAMP_TZ, TIME -> Figures.temporalText(t.kind(), e);
            case INTEGER, HUGE_INTEGER -> (long) e;
            default -> e;
        };
    }

    private static Object typedKey(Target t, String key) {
        try {
            return switch (t.kind()) {
                case INTEGER, HUGE_INTEGER -> Long.parseLong(key);
                case DECIMAL -> new BigDecimal(key);
                default -> key;
            };
        } catch (NumberFormatException e) {
            return key;
        }
    }

    private static Map<String, Object> entry(Object value, long count) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("value", Figures.json(value));
        e.put("count", count);
        return e;
    }

    private static Map<String, Object> topK(List<Map<String, Object>> values, long other, boolean exact) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("kind", "top_k");
        h.put("values", values);
        h.put("other", other);
        h.put("exact", exact);
        return h;
    }

    private static Map<String, Object> parseObject(Object json) {
        if (json instanceof String s) {
            Object parsed = JsonText.parse(s);
            if (parsed instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) m;
                return map;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ lengths, dates, order

    private Map<String, Object> lengths(Target t) {
        if (!v.has(t.name(), "len_min") || get(t, "len_min") == null) {
            return null;
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("min", Figures.exact(get(t, "len_min")));
        l.put("mean", Figures.exact(get(t, "len_mean")));
        l.put("max", Figures.exact(get(t, "len_max")));
        return l;
    }

    private Map<String, Object> dateRange(Target t) {
        if (!t.kind().temporal() || get(t, "min") == null) {
            return null;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("min", Figures.json(get(t, "min")));
        r.put("max", Figures.json(get(t, "max")));
        int code = (int) Figures.count(get(t, "granularity"));
        r.put("granularity", code > 0 && code < ColumnsPlanner.GRANULARITY.size() ? ColumnsPlanner.GRANULARITY.get(code) : null);
        var lo = Figures.seconds(get(t, "min"));
        var hi = Figures.seconds(get(t, "max"));
        if (lo.isPresent() && hi.isPresent()) {
            r.put("span_days", (hi.getAsDouble() - lo.getAsDouble()) / 86_400.0);
        }
        return r;
    }

    private Object monotonic(Target t, String key) {
        if (monotonicity == null || !t.kind().sequential() || Figures.count(get(t, "count")) == 0) {
            return null;
        }
        return monotonicity.get(t.name()) instanceof Map<?, ?> m ? m.get(key) : null;
    }

    // ------------------------------------------------------------------ semantic type

    private String semanticType(Target t, long n, Long distinct, boolean exact, boolean unique, String pattern) {
        if (n == 0) {
            return "empty";
        }
        long d = distinct == null ? n : distinct;
        switch (t.kind()) {
            case BOOLEAN:
                return "boolean";
            case DATE, TIMESTAMP, TIMESTAMP_TZ, TIME, TIME_TZ:
                return "datetime";
            case UUID:
                return "identifier";
            case LIST, MAP, STRUCT:
                return "nested";
            case BLOB:
                return "binary";
            case ENUM:
                return "categorical";
            case INTEGER, HUGE_INTEGER, DECIMAL, FLOAT: {
                boolean integral = t.kind() == Kind.INTEGER || t.kind() == Kind.HUGE_INTEGER;
                Object min = get(t, "min");
                Object max = get(t, "max");
                if (exact && d == 2 && min instanceof Number a && max instanceof Number b && a.doubleValue() == 0
                        && b.doubleValue() == 1) {
                    return "boolean";
                }
                if (integral && unique && (ID_NAME.matcher(t.name()).find() || Boolean.TRUE.equals(monotonic(t, "strict")))) {
                    return "identifier";
                }
                if (integral && d <= o.categoricalMaxDistinct() && n >= 2 * d) {
                    return "categorical";
                }
                return "numeric";
            }
            case STRING: {
                if ("uuid".equals(pattern) && d >= 0.9 * n) {
                    return "identifier";
                }
                if ("number".equals(pattern)) {
                    return "numeric";
                }
                if ("date".equals(pattern)) {
                    return "datetime";
                }
                double meanLength = get(t, "len_mean") instanceof Number m ? m.doubleValue() : 0;
                if (unique && meanLength <= 40) {
                    return "identifier";
                }
                if (d <= o.categoricalMaxDistinct() || (d <= 0.05 * n && meanLength <= 50)) {
                    return "categorical";
                }
                return "text";
            }
            default:
                return "other";
        }
    }

    // ------------------------------------------------------------------ alerts

    private void alerts(Target t, long rows, long n, long missing, Long distinct, boolean distinctExact, boolean unique,
                        String semantic, Map<String, Object> histogram, List<Long> fullCounts, Double skewness,
                        Map<String, Object> shares) {
        String c = t.name();
        if (rows > 0 && missing > 0 && 100.0 * missing / rows >= o.highMissingPct()) {
            alerts.add(new Alert("high_missing", c, Severity.WARNING, String.format(Locale.ROOT,
                    "%s of %s values of '%s' are missing (%.1f %%).", missing, rows, c, 100.0 * missing / rows)));
        }
        if (n > 0 && distinct != null && distinct == 1 && (distinctExact || equalMinMax(t))) {
            alerts.add(new Alert("constant", c, Severity.WARNING, String.format(Locale.ROOT,
                    "'%s' has a single value%s.", c, missing > 0 ? " (and " + missing + " missing)" : "")));
        }
        if (unique) {
            alerts.add(new Alert("unique", c, Severity.INFO, String.format(Locale.ROOT,
                    "Every value of '%s' is different (%s distinct values).", c, distinct)));
        }
        if ((t.kind() == Kind.STRING || t.kind() == Kind.ENUM) && distinct != null && !unique
                && !"identifier".equals(semantic) && distinct > o.highCardinality()) {
            alerts.add(new Alert("high_cardinality", c, Severity.INFO, String.format(Locale.ROOT,
                    "'%s' has %s%s distinct values (more than %s).", c, distinctExact ? "" : "about ", distinct,
                    o.highCardinality())));
        }
        if (skewness != null && Math.abs(skewness) > o.skewness()) {
            alerts.add(new Alert("skewed", c, Severity.INFO, String.format(Locale.ROOT,
                    "'%s' is skewed (skewness %.2f).", c, skewness)));
        }
        if (t.kind().numeric() && n > 0) {
            long zeros = Figures.count(get(t, "zeros"));
            if (zeros > 0 && 100.0 * zeros / n >= o.manyZerosPct()) {
                alerts.add(new Alert("many_zeros", c, Severity.INFO, String.format(Locale.ROOT,
                        "%s of the %s values of '%s' are 0 (%.1f %%).", zeros, n, c, 100.0 * zeros / n)));
            }
        }
        if (fullCounts != null && fullCounts.size() >= 2 && histogram != null
                && ("categorical".equals(semantic) || "boolean".equals(semantic))) {
            double imbalance = imbalance(fullCounts);
            @SuppressWarnings("unchecked")
            Map<String, Object> first = ((List<Map<String, Object>>) histogram.get("values")).get(0);
            if (imbalance > o.imbalance()) {
                alerts.add(new Alert("imbalance", c, Severity.INFO, String.format(Locale.ROOT,
                        "'%s' is imbalanced (%.2f): '%s' makes up %.1f %% of its values.", c, imbalance,
                        first.get("value"), 100.0 * (Long) first.get("count") / n)));
            }
        }
        if (t.kind() == Kind.STRING && n > 0) {
            for (String p : List.of("number", "date")) {
                double share = shares.get(p) instanceof Map<?, ?> f && f.get("value") instanceof Double d ? d : 0;
                if (share >= o.mixedMinPct() && share < o.mixedMaxPct()) {
                    alerts.add(new Alert("mixed_types", c, Severity.WARNING, String.format(Locale.ROOT,
                            "%.1f %% of the values of '%s' look like %s, the others do not.", share, c,
                            p.equals("number") ? "numbers" : "dates")));
                    break;
                }
            }
        }
    }

    private boolean equalMinMax(Target t) {
        Object min = get(t, "min");
        return min != null && min.equals(get(t, "max"));
    }

    /** @return {@code 1 - H / ln(k)} of the counts (0 balanced … 1 one value only) */
    static double imbalance(List<Long> counts) {
        long total = counts.stream().mapToLong(Long::longValue).sum();
        int k = counts.size();
        if (k < 2 || total == 0) {
            return 0;
        }
        double h = 0;
        for (long count : counts) {
            double p = (double) count / total;
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return 1 - h / Math.log(k);
    }
}

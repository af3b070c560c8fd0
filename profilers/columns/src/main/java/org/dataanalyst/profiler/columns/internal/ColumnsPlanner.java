package org.dataanalyst.profiler.columns.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.Schema;
import org.dataanalyst.spi.profiler.Metric;
import org.dataanalyst.spi.profiler.MetricValues;
import org.dataanalyst.spi.profiler.Profilers;

/**
 * The metrics of the column profiler, round by round (docs/profilers.md has the full table).
 *
 * <ul>
 * <li>Round 0, one cheap fused scan: counts, HyperLogLog distinct estimates, min/max, sums, zeros,
 * negatives, string lengths, date/time granularity, and for text four cheap pattern pre-filters
 * ({@code contains}, {@code strlen}, {@code ascii}). Conditional counts are {@code sum(cond::BIGINT)}, three
 * times cheaper than {@code count(*) FILTER (…)} in DuckDB 2.0.</li>
 * <li>Round 1, only what needs round-0 values: the sums of the 2nd–4th powers of deviations from the
 * round-0 mean (variance, std, skewness, kurtosis: cheaper than DuckDB's own moment aggregates and as
 * accurate), the quantiles (from the counts of every value when the estimate says there are few, else one
 * {@code quantile_cont}/{@code approx_quantile} aggregate per column with the five fractions, read element
 * by element — DuckDB binds identical aggregates once), exact distinct counts where they are cheap
 * ({@link #exactDistinct}), exact value counts ({@code histogram}) for low-cardinality columns,
 * {@code approx_top_k} for the others, binned histograms from min/max ({@link #upperBounds}), the regular
 * expressions of the patterns whose pre-filter matched enough values, and min/max/sum/quantiles of float
 * columns without their NaN and infinities (only for columns that have some).</li>
 * <li>Round 2, rarely: exact counts of the approximate top values, and the moments and bins of float
 * columns with NaN or infinities.</li>
 * </ul>
 */
final class ColumnsPlanner {

    /** The quantile fractions, in the order of {@link #QUANTILE_NAMES}. */
    static final String QUANTILES = "[0.05, 0.25, 0.5, 0.75, 0.95]";
    static final List<String> QUANTILE_NAMES = List.of("q05", "q25", "median", "q75", "q95");
    /** The quantile fractions as numbers. */
    static final double[] FRACTIONS = {0.05, 0.25, 0.5, 0.75, 0.95};
    /** Prefix of the float recomputation without NaN/Infinity. */
    static final String FINITE = "finite_";

    /** Regular expressions (RE2 syntax, full match) of the text patterns, in priority order. */
    static final Map<String, String> PATTERNS = patterns();

    private static Map<String, String> patterns() {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("uuid", "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        p.put("email", "[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
        p.put("url", "(?i)(https?|ftp)://[^\\s/?#]+[^\\s]*|www\\.[^\\s/?#]+\\.[^\\s]+");
        // days 1-31 and months 1-12 only, so that version numbers (1.0.12) and codes do not pass for dates
        String day = "(0?[1-9]|[12]\\d|3[01])";
        String month = "(0?[1-9]|1[0-2])";
        p.put("date", "\\s*(\\d{4}-" + month + "-" + day
                + "([ T]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?"
                + "|" + day + "[/.]" + day + "[/.](\\d{2}|\\d{4})|\\d{4}/" + month + "/" + day
                // ISO 8601 year-month (2026-10): a date at month granularity, not a phone number
                + "|\\d{4}-" + month + ")\\s*");
        p.put("number", "\\s*[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?\\s*");
        p.put("phone", "\\+?\\(?\\d{1,4}\\)?([ .-]?\\(?\\d{2,4}\\)?){2,5}");
        return java.util.Collections.unmodifiableMap(p);
    }

    /** Which cheap round-0 pre-filter gates which pattern. */
    static String prefilter(String pattern) {
        return switch (pattern) {
            case "uuid" -> "len36";
            case "email" -> "at";
            case "url" -> "scheme";
            default -> "digit";
        };
    }

    private static final Pattern DECIMAL = Pattern.compile("(?i)(?:DECIMAL|NUMERIC)\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

    /** One profiled column. */
    record Target(String name, String type, int position, Kind kind, String q) {
        /** @return the precision of a DECIMAL type, 18 (DuckDB's default) when not spelled out */
        int precision() {
            Matcher m = DECIMAL.matcher(type);
            return m.find() ? Integer.parseInt(m.group(1)) : 18;
        }
    }

    private final List<Target> targets = new ArrayList<>();
    private final long rowCount;
    private final ColumnsOptions options;

    /**
     * @param rowCount the version's row count (decides exact or approximate quantiles before any scan)
     * @throws IllegalArgumentException when option {@code columns} names a column the version lacks
     */
    ColumnsPlanner(Schema schema, long rowCount, ColumnsOptions options) {
        this.rowCount = rowCount;
        this.options = options;
        Set<String> wanted = new HashSet<>(options.columns());
        Set<String> names = new HashSet<>();
        List<Column> columns = schema.columns();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            names.add(c.name());
            if (wanted.isEmpty() || wanted.contains(c.name())) {
                targets.add(new Target(c.name(), c.type(), i, Kind.of(c.type()), Profilers.quote(c.name())));
            }
        }
        for (String w : wanted) {
            if (!names.contains(w)) {
                throw new IllegalArgumentException("Option 'columns' of the columns profiler names '" + w
                        + "', which this version does not have");
            }
        }
    }

    List<Target> targets() {
        return targets;
    }

    ColumnsOptions options() {
        return options;
    }

    /** @return the version's rows */
    long rowCount() {
        return rowCount;
    }

    /** @return whether the order of values is checked for this version */
    boolean checksOrder() {
        return options.monotonicity() && rowCount <= options.monotonicityMaxRows();
    }

    /** @return whether quantiles are computed exactly for this version */
    boolean exactQuantiles() {
        return rowCount <= options.exactQuantilesMaxRows();
    }

    /** @return the metrics of a round, empty when nothing more is needed */
    List<Metric> metrics(int round, MetricValues earlier) {
        List<Metric> out = new ArrayList<>();
        switch (round) {
            case 0 -> round0(out);
            case 1 -> round1(out, earlier);
            case 2 -> round2(out, earlier);
            default -> {
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ round 0

    private void round0(List<Metric> out) {
        out.add(new Metric("rows", null, "count(*)", true));
        for (Target t : targets) {
            String q = t.q();
            out.add(new Metric("count", t.name(), "count(" + q + ")", true));
            if (t.kind() == Kind.NULL) {
                continue;
            }
            out.add(new Metric("distinct_approx", t.name(), "approx_count_distinct(" + q + ")", false));
            switch (t.kind()) {
                case INTEGER, HUGE_INTEGER, DECIMAL, FLOAT -> {
                    firstMoments(out, t, "", null, false);
                    out.add(exact(t, "zeros", countIf(q + " = 0")));
                    out.add(exact(t, "negatives", countIf(q + " < 0")));
                    if (t.kind() == Kind.FLOAT) {
                        out.add(exact(t, "nonfinite", countIf("NOT isfinite(" + q + ")")));
                    }
                }
                case BOOLEAN -> out.add(exact(t, "true_count", countIf(q)));
                case STRING -> {
                    minMax(out, t, q);
                    out.add(exact(t, "empty", countIf(q + " = ''")));
                    lengths(out, t, "length(" + q + ")");
                    out.add(exact(t, "at", countIf("contains(" + q + ", '@')")));
                    out.add(exact(t, "scheme", countIf("contains(" + q + ", '://') OR starts_with(" + q + ", 'www.')")));
                    // strlen counts bytes in constant time: a UUID is 36 ASCII characters, so 36 bytes
                    out.add(exact(t, "len36", countIf("strlen(" + q + ") = 36")));
                    // numbers, dates and phone numbers start with a digit, a space, '(', '+', '-' or '.': all
                    // between ' ' and '9' in ASCII, and a string starts with such a byte exactly when it sorts
                    // in [' ', ':'). A gate may let more through (the regular expression decides), and a
                    // comparison costs half as much as ascii(), which decodes the first character.
                    out.add(exact(t, "digit", countIf(q + " >= ' ' AND " + q + " < ':'")));
                }
                case ENUM -> minMax(out, t, q + "::VARCHAR");
                case DATE, TIMESTAMP, TIMESTAMP_TZ -> {
                    minMax(out, t, q);
                    out.add(exact(t, "granularity", granularity(t)));
                }
                case TIME, TIME_TZ, UUID, INTERVAL -> minMax(out, t, q);
                case BLOB -> lengths(out, t, "octet_length(" + q + ")");
                case LIST -> lengths(out, t, "len(" + q + ")");
                case MAP -> lengths(out, t, "cardinality(" + q + ")");
                default -> {
                }
            }
        }
    }

    /**
     * The number of rows where a condition holds. {@code sum(cond::BIGINT)} costs a third of
     * {@code count(*) FILTER (WHERE cond)} in DuckDB 2.0; NULL conditions count as false (sum of no rows is
     * NULL, read as 0).
     */
    static String countIf(String condition) {
        return "sum((" + condition + ")::BIGINT)";
    }

    /**
     * Round 0 of a numeric column: min, max and sum, optionally filtered (float columns without NaN/Infinity),
     * and the quantiles when asked. The mean is sum/count; the higher moments come in the next round as sums of
     * powers of deviations from that mean ({@link #centralMoments}), which is cheaper than DuckDB's
     * stddev/skewness/kurtosis aggregates and as accurate (the two-pass algorithm). The quantiles come in round 1
     * too ({@link #quantiles}), where the estimate says whether counting the values is cheaper.
     */
    private void firstMoments(List<Metric> out, Target t, String prefix, String filter, boolean withQuantiles) {
        String q = t.q();
        String f = filter == null ? "" : " FILTER (WHERE " + filter + ")";
        out.add(exact(t, prefix + "min", "min(" + q + ")" + f));
        out.add(exact(t, prefix + "max", "max(" + q + ")" + f));
        if (filter != null) {
            out.add(exact(t, prefix + "count", "count(" + q + ")" + f));
        }
        // a sum that cannot overflow: BIGINT sums to HUGEINT, DECIMAL(p<=28) to DECIMAL(38); wider ones in DOUBLE
        boolean viaDouble = t.kind() == Kind.HUGE_INTEGER || (t.kind() == Kind.DECIMAL && t.precision() > 28);
        out.add(new Metric(prefix + "sum", t.name(), "sum(" + q + (viaDouble ? "::DOUBLE" : "") + ")" + f, !viaDouble));
        if (withQuantiles) {
            quantiles(out, t, prefix, filter);
        }
    }

    /**
     * The five quantiles of a numeric column, read from one {@code quantile_cont} (exact: every value is kept) or,
     * above {@code exact_quantiles_max_rows} rows, {@code approx_quantile} (a t-digest) aggregate.
     */
    private void quantiles(List<Metric> out, Target t, String prefix, String filter) {
        String q = t.q();
        String f = filter == null ? "" : " FILTER (WHERE " + filter + ")";
        String x = t.kind() == Kind.DECIMAL || t.kind() == Kind.HUGE_INTEGER ? q + "::DOUBLE" : q;
        boolean exact = exactQuantiles();
        String agg = "(" + (exact ? "quantile_cont(" : "approx_quantile(") + x + ", " + QUANTILES + ")" + f + ")";
        for (int i = 0; i < QUANTILE_NAMES.size(); i++) {
            out.add(new Metric(prefix + QUANTILE_NAMES.get(i), t.name(), agg + "[" + (i + 1) + "]", exact));
        }
    }

    /**
     * Sums of the 1st to 4th powers of the deviations from a provisional mean (the previous round's
     * sum/count): {@code s1 … s4}; {@link Moments} turns them into mean, variance, std, skewness, kurtosis.
     */
    private static void centralMoments(List<Metric> out, Target t, String prefix, double mean, String filter) {
        String f = filter == null ? "" : " FILTER (WHERE " + filter + ")";
        String d = "(" + t.q() + "::DOUBLE - (" + literal(mean) + "))";
        out.add(exact(t, prefix + "s1", "sum(" + d + ")" + f));
        out.add(exact(t, prefix + "s2", "sum(" + d + " * " + d + ")" + f));
        out.add(exact(t, prefix + "s3", "sum(" + d + " * " + d + " * " + d + ")" + f));
        out.add(exact(t, prefix + "s4", "sum(" + d + " * " + d + " * " + d + " * " + d + ")" + f));
    }

    /** @return the provisional mean of a numeric column (sum/count of round 0, or of the finite values) */
    static Double provisionalMean(Target t, MetricValues v, String prefix) {
        Object sum = v.get(t.name(), prefix + "sum");
        long n = Figures.count(v.get(t.name(), prefix.isEmpty() ? "count" : prefix + "count"));
        if (!(sum instanceof Number s) || n == 0) {
            return null;
        }
        double mean = s instanceof java.math.BigDecimal b
                ? b.divide(java.math.BigDecimal.valueOf(n), java.math.MathContext.DECIMAL64).doubleValue()
                : s.doubleValue() / n;
        return Double.isFinite(mean) ? mean : null;
    }

    private static void minMax(List<Metric> out, Target t, String expr) {
        out.add(exact(t, "min", "min(" + expr + ")"));
        out.add(exact(t, "max", "max(" + expr + ")"));
    }

    private static void lengths(List<Metric> out, Target t, String expr) {
        out.add(exact(t, "len_min", "min(" + expr + ")"));
        out.add(exact(t, "len_mean", "avg(" + expr + ")"));
        out.add(exact(t, "len_max", "max(" + expr + ")"));
    }

    /** Codes: 1 year, 2 month, 3 day, 4 hour, 5 minute, 6 second, 7 millisecond, 8 microsecond (see {@link #GRANULARITY}). */
    private static String granularity(Target t) {
        String q = temporal(t);
        if (t.kind() == Kind.DATE) {
            return "max(CASE WHEN day(" + q + ") <> 1 THEN 3 WHEN month(" + q + ") <> 1 THEN 2 ELSE 1 END)";
        }
        String cal = t.kind() == Kind.TIMESTAMP_TZ ? "(" + q + " AT TIME ZONE 'UTC')" : q;
        String us = "epoch_us(" + q + ")";
        return "max(CASE WHEN " + us + " % 1000 <> 0 THEN 8 WHEN " + us + " % 1000000 <> 0 THEN 7 WHEN " + us
                + " % 60000000 <> 0 THEN 6 WHEN " + us + " % 3600000000 <> 0 THEN 5 WHEN " + us
                + " % 86400000000 <> 0 THEN 4 WHEN day(" + cal + ") <> 1 THEN 3 WHEN month(" + cal
                + ") <> 1 THEN 2 ELSE 1 END)";
    }

    /** Names of the granularity codes. */
    static final List<String> GRANULARITY = List.of("", "year", "month", "day", "hour", "minute", "second",
            "millisecond", "microsecond");

    // ------------------------------------------------------------------ round 1

    /** @return whether the column gets value counts (top-k) rather than bins */
    boolean categoricalCandidate(Target t, MetricValues v) {
        long d = Figures.count(v.get(t.name(), "distinct_approx"));
        return switch (t.kind()) {
            case STRING, ENUM -> true;
            case INTEGER, HUGE_INTEGER, DECIMAL -> d <= options.categoricalMaxDistinct();
            default -> false;
        };
    }

    /**
     * @return whether a numeric or date column is counted value by value in round 1 ({@code histogram}, metric
     *         {@code counted}): at most {@code value_counts_max_distinct} distinct values (estimate), no NaN or
     *         infinities, and not counted already for its top values. Its distinct count, quantiles and bins
     *         then come from the counts: one cheap aggregate instead of three.
     */
    boolean counted(Target t, MetricValues v) {
        return (t.kind().numeric() || t.kind() == Kind.DATE) && !fullCounts(t, v)
                && !(t.kind() == Kind.FLOAT && Figures.count(v.get(t.name(), "nonfinite")) > 0)
                && Figures.count(v.get(t.name(), "distinct_approx")) <= options.valueCountsMaxDistinct();
    }

    /** @return whether the round-1 value counts come from {@code histogram} (exact, every value) */
    boolean fullCounts(Target t, MetricValues v) {
        return categoricalCandidate(t, v)
                && Figures.count(v.get(t.name(), "distinct_approx")) <= options.histogramMaxDistinct();
    }

    private void round1(List<Metric> out, MetricValues v) {
        for (Target t : targets) {
            String q = t.q();
            long n = Figures.count(v.get(t.name(), "count"));
            if (n == 0 || t.kind() == Kind.NULL) {
                continue;
            }
            long d = Figures.count(v.get(t.name(), "distinct_approx"));
            if (t.kind() != Kind.BOOLEAN) {
                if (fullCounts(t, v)) {
                    String x = t.kind() == Kind.ENUM ? q + "::VARCHAR" : q;
                    out.add(exact(t, "values", "to_json(histogram(" + x + "))::VARCHAR"));
                } else if (counted(t, v)) {
                    // every value counted: exact distinct count, quantiles and bins, whatever the row count
                    out.add(exact(t, "counted", "to_json(histogram(" + t.q() + "))::VARCHAR"));
                } else {
                    String distinct = exactDistinct(t, v, n, d);
                    if (distinct != null) {
                        out.add(exact(t, "distinct", distinct));
                    }
                    if (t.kind() == Kind.STRING && d < 0.5 * n) {
                        out.add(new Metric("top_approx", t.name(),
                                "to_json(approx_top_k(" + q + ", " + options.topK() + "))::VARCHAR", false));
                    }
                }
            }
            if (!categoricalCandidate(t, v) && !counted(t, v)) {
                boolean floatsPending = t.kind() == Kind.FLOAT && Figures.count(v.get(t.name(), "nonfinite")) > 0;
                if (!floatsPending) {
                    bins(out, t, v.get(t.name(), "min"), v.get(t.name(), "max"), null);
                }
            }
            if (t.kind() == Kind.STRING) {
                double gate = Math.min(options.mixedMinPct(), options.patternMinPct()) / 100.0 * n;
                for (Map.Entry<String, String> p : PATTERNS.entrySet()) {
                    long pre = Figures.count(v.get(t.name(), prefilter(p.getKey())));
                    if (pre > 0 && pre >= gate) {
                        out.add(exact(t, "p_" + p.getKey(), countIf("regexp_full_match(" + q + ", "
                                + Profilers.literal(p.getValue()) + ")")));
                    }
                }
            }
            if (t.kind().numeric()) {
                if (t.kind() == Kind.FLOAT && Figures.count(v.get(t.name(), "nonfinite")) > 0) {
                    firstMoments(out, t, FINITE, "isfinite(" + q + ")", true);
                    out.add(exact(t, "nan", countIf("isnan(" + q + ")")));
                } else {
                    Double mean = provisionalMean(t, v, "");
                    if (mean != null) {
                        centralMoments(out, t, "", mean, null);
                    }
                    if (!fullCounts(t, v) && !counted(t, v)) {
                        quantiles(out, t, "", null);
                    }
                }
            }
        }
    }

    /** Most values a bitmap distinct count may span: 2^26 bits, 8 MiB per engine thread. */
    static final long BITMAP_MAX = 1L << 26;

    /**
     * The exact distinct count of a column whose values are not all counted, where it is cheap (docs/profilers.md):
     * <ol>
     * <li>{@code count(DISTINCT q)} when the HyperLogLog estimate is at most {@code exact_distinct_max}: a small
     * hash table;</li>
     * <li>else, for integer and date columns whose range {@code max - min + 1} is at most {@link #BITMAP_MAX}, a
     * bitmap: {@code bit_count(bitstring_agg(q, min, max))} sets one bit per value seen, exact whatever the
     * cardinality and about as cheap as a sum;</li>
     * <li>else, for integer, text and UUID columns that look unique (estimate at least 90 % of the values) with at
     * most {@code unique_check_max_rows} values, {@code count(DISTINCT q)}, so the unique alert and the identifier
     * type are exact;</li>
     * <li>else none: the estimate stays, flagged approximate with its error bound.</li>
     * </ol>
     *
     * @return the SQL, or {@code null} when the distinct count stays approximate
     */
    String exactDistinct(Target t, MetricValues v, long n, long estimate) {
        String q = t.q();
        String counted = "count(DISTINCT " + (t.kind().nested() ? q + "::VARCHAR" : q) + ")";
        if (estimate <= options.exactDistinctMax()) {
            return counted;
        }
        String bitmap = bitmap(t, v.get(t.name(), "min"), v.get(t.name(), "max"));
        if (bitmap != null) {
            return bitmap;
        }
        boolean idLike = t.kind() == Kind.INTEGER || t.kind() == Kind.HUGE_INTEGER
                || t.kind() == Kind.STRING || t.kind() == Kind.UUID;
        if (idLike && estimate >= 0.9 * n && n <= options.uniqueCheckMaxRows()) {
            return counted;
        }
        return null;
    }

    /** @return the bitmap distinct count of an integer or date column between its min and max, or {@code null} */
    static String bitmap(Target t, Object min, Object max) {
        if ((t.kind() == Kind.INTEGER || t.kind() == Kind.HUGE_INTEGER) && integral(min) != null && integral(max) != null) {
            java.math.BigInteger lo = integral(min);
            java.math.BigInteger hi = integral(max);
            if (hi.subtract(lo).compareTo(java.math.BigInteger.valueOf(BITMAP_MAX)) >= 0 || hi.compareTo(lo) < 0) {
                return null;
            }
            return "bit_count(bitstring_agg(" + t.q() + ", " + lo + ", " + hi + "))";
        }
        if (t.kind() == Kind.DATE && min instanceof java.time.LocalDate lo && max instanceof java.time.LocalDate hi) {
            long span = java.time.temporal.ChronoUnit.DAYS.between(lo, hi);
            if (span < 0 || span >= BITMAP_MAX) {
                return null;
            }
            return "bit_count(bitstring_agg(" + t.q() + " - DATE '" + lo + "', 0, " + span + "))";
        }
        return null;
    }

    private static java.math.BigInteger integral(Object value) {
        if (value instanceof Long l) {
            return java.math.BigInteger.valueOf(l);
        }
        if (value instanceof java.math.BigDecimal b) {
            try {
                return b.toBigIntegerExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ round 2

    private void round2(List<Metric> out, MetricValues v) {
        for (Target t : targets) {
            Object top = v.get(t.name(), "top_approx");
            if (top instanceof String json) {
                List<Object> values = topValues(json);
                for (int i = 0; i < values.size(); i++) {
                    Object value = values.get(i);
                    String literal = value == null ? null : Profilers.literal(value.toString());
                    if (literal != null) {
                        out.add(exact(t, "top_count_" + i, countIf(t.q() + " = " + literal)));
                    }
                }
            }
            if (t.kind() == Kind.FLOAT && Figures.count(v.get(t.name(), "nonfinite")) > 0
                    && v.has(t.name(), FINITE + "min")) {
                String finite = "isfinite(" + t.q() + ")";
                Double mean = provisionalMean(t, v, FINITE);
                if (mean != null) {
                    centralMoments(out, t, FINITE, mean, finite);
                }
                if (!categoricalCandidate(t, v)) {
                    bins(out, t, v.get(t.name(), FINITE + "min"), v.get(t.name(), FINITE + "max"), finite);
                }
            }
        }
    }

    /** @return the values of an {@code approx_top_k} result */
    static List<Object> topValues(String json) {
        Object parsed = JsonText.parse(json);
        return parsed instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    // ------------------------------------------------------------------ bins

    /**
     * Equal-width bins between min and max. Integers (and dates, in days) get whole-number widths, one bin
     * per value when the range is at most {@code bins} wide. The bin of a value is
     * {@code min(max(floor((x - lo) / width), 0), n - 1)}, so max falls into the last bin (see
     * {@link #upperBounds}).
     *
     * @param lo    the left edge, in the unit of {@code x}
     * @param width the bin width
     * @param count the number of bins
     */
    record Binning(double lo, double width, int count, boolean integral) {
        /** @return the {@code count + 1} edges */
        List<Double> edges() {
            List<Double> edges = new ArrayList<>(count + 1);
            for (int i = 0; i <= count; i++) {
                edges.add(lo + i * width);
            }
            return edges;
        }
    }

    /** @return the binning for min/max of a column, or {@code null} when they are not usable */
    Binning binning(Target t, Object min, Object max) {
        OptionalDouble lo = t.kind().numeric() ? Figures.number(min) : Figures.seconds(min);
        OptionalDouble hi = t.kind().numeric() ? Figures.number(max) : Figures.seconds(max);
        if (lo.isEmpty() || hi.isEmpty() || !Double.isFinite(lo.getAsDouble()) || !Double.isFinite(hi.getAsDouble())
                || hi.getAsDouble() < lo.getAsDouble()) {
            return null;
        }
        boolean integral = t.kind() == Kind.INTEGER || t.kind() == Kind.HUGE_INTEGER || t.kind() == Kind.DATE;
        double unit = t.kind() == Kind.DATE ? 86_400.0 : 1.0;
        double a = lo.getAsDouble() / unit;
        double b = hi.getAsDouble() / unit;
        int bins = options.bins();
        if (integral) {
            double span = b - a + 1;
            double width = span <= bins ? 1 : Math.ceil(span / bins);
            int count = (int) Math.ceil(span / width);
            return new Binning(a, width, Math.max(1, count), true);
        }
        if (b == a) {
            return new Binning(a, 0, 1, false);
        }
        return new Binning(a, (b - a) / bins, bins, false);
    }

    /** @return the SQL of the value a column is binned on: a DOUBLE in the unit of {@link Binning} */
    static String binValue(Target t) {
        return switch (t.kind()) {
            case DATE -> "(epoch(" + t.q() + ") / 86400)";
            case TIMESTAMP, TIMESTAMP_TZ, TIME -> "epoch(" + temporal(t) + ")";
            default -> t.q() + "::DOUBLE";
        };
    }

    /**
     * @return the column as the microsecond type the date/time functions accept: {@code TIMESTAMP_S/_MS/_NS}
     *         as {@code TIMESTAMP}, {@code TIMESTAMPTZ_NS} as {@code TIMESTAMPTZ}, {@code TIME_NS} as
     *         {@code TIME} (nanoseconds are rounded to microseconds)
     */
    static String temporal(Target t) {
        return switch (t.kind()) {
            case TIMESTAMP -> t.q() + "::TIMESTAMP";
            case TIMESTAMP_TZ -> t.q() + "::TIMESTAMPTZ";
            case TIME -> t.q() + "::TIME";
            default -> t.q();
        };
    }

    private void bins(List<Metric> out, Target t, Object min, Object max, String filter) {
        if (!(t.kind().numeric() || t.kind().temporal() || t.kind() == Kind.TIME)) {
            return;
        }
        Binning b = binning(t, min, max);
        if (b == null) {
            return;
        }
        // NULL values (and infinite dates and timestamps) are in no bin
        String where = " FILTER (WHERE " + t.q() + " IS NOT NULL" + (t.kind().temporal() ? " AND isfinite(" + t.q() + ")" : "")
                + (filter == null ? "" : " AND " + filter) + ")";
        List<String> bounds = new ArrayList<>();
        for (double u : upperBounds(b)) {
            bounds.add("'" + literal(u) + "'::DOUBLE");
        }
        out.add(exact(t, "bins", "to_json(map_values(histogram(" + binValue(t) + ", [" + String.join(", ", bounds) + "])"
                + where + "))::VARCHAR"));
    }

    /**
     * The bin of a value x is {@code min(max(floor((x - lo) / width), 0), count - 1)} (in DOUBLE arithmetic). A
     * value goes to the first bin whose upper bound it does not exceed, the values above the last bound to the
     * last bin: DuckDB's {@code histogram(x, [bounds])} counts exactly that, and compares instead of computing
     * an index per value (half the cost). The bound of bin i is the largest double whose bin is at most i, found
     * by bisection over the doubles in their order (the bin never decreases as x grows).
     *
     * @return the upper bounds of bins 0 … count - 2 (one bound, {@code lo}, for a single bin or width 0)
     */
    static double[] upperBounds(Binning b) {
        if (b.width() == 0 || b.count() == 1) {
            return new double[] {b.width() == 0 ? b.lo() : Double.MAX_VALUE};
        }
        double[] bounds = new double[b.count() - 1];
        for (int i = 0; i < bounds.length; i++) {
            long below = order(Double.NEGATIVE_INFINITY); // bin 0 <= i
            long above = order(Double.POSITIVE_INFINITY); // the last bin > i
            while (below + 1 < above) {
                long mid = (below >> 1) + (above >> 1) + (below & above & 1);
                if (bin(b, fromOrder(mid)) <= i) {
                    below = mid;
                } else {
                    above = mid;
                }
            }
            bounds[i] = fromOrder(below);
        }
        return bounds;
    }

    /** @return a long that orders as the double does (NaN aside) */
    private static long order(double x) {
        long bits = Double.doubleToRawLongBits(x);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    private static double fromOrder(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }

    /** @return the bin of a value, as the bounds of {@link #upperBounds} define it */
    static long bin(Binning b, double x) {
        if (b.width() == 0) {
            return 0;
        }
        return Math.min(Math.max((long) Math.floor((x - b.lo()) / b.width()), 0), b.count() - 1);
    }

    /** @return a double as an SQL literal DuckDB reads back to the same double */
    static String literal(double d) {
        return Double.toString(d).toUpperCase(Locale.ROOT);
    }

    private static Metric exact(Target t, String name, String sql) {
        return new Metric(name, t.name(), sql, true);
    }
}

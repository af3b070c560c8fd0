package org.dataanalyst.profiling.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dataanalyst.api.Column;
import org.dataanalyst.spi.profiler.Metric;

/**
 * Splits the metrics of one round into fused scans by the engine memory they are estimated to need, so that
 * one scan does not ask for more than the session's {@code memory_limit}: an ungrouped aggregate cannot
 * spill its states to disk. The estimate of a scan is the sum of
 * <ul>
 * <li><b>read buffers</b>: for each column the scan reads (each column its metrics' SQL names), one row
 * group ({@value #ROW_GROUP} rows) of values per thread;</li>
 * <li><b>aggregate states</b>, each counted once however many metrics share it (the engine computes an
 * aggregate written the same way once, e.g. the five quantiles read from one
 * {@code quantile_cont(q, [fractions])}), by what the metric's SQL aggregates:
 * <ul>
 * <li>a {@code DISTINCT} aggregate, or {@code histogram}/{@code mode} of a plain column: 4 MiB per thread
 * plus {@code (width + 64)} bytes per distinct value — at most the rows, and at most 1.25 × the HyperLogLog
 * estimate when an earlier round computed {@code approx_count_distinct} of the same column;</li>
 * <li>{@code histogram}/{@code mode} of an expression (a binning): 4 MiB per thread;</li>
 * <li>exact quantiles ({@code quantile_cont}, {@code quantile_disc}, {@code median}, {@code quantile}),
 * {@code list}, {@code array_agg}, {@code string_agg} and any aggregate with an {@code ORDER BY}: 1 MiB per
 * thread plus {@code (width + 16)} bytes per row;</li>
 * <li>{@code bitstring_agg(x, lo, hi)}: {@code (hi - lo + 1) / 8} bytes per thread;</li>
 * <li>sketches ({@code approx_count_distinct}, {@code approx_quantile}, {@code approx_top_k}…) and other
 * aggregates of a function: 512 KiB per thread; plain {@code count}, {@code sum}, {@code min}, {@code max},
 * {@code avg}…: 64 KiB.</li>
 * </ul></li>
 * </ul>
 * "Per thread" counts the engine's threads, at most one per row group of the version.
 * {@code width} is the in-memory width of the values (8 bytes for {@code hash(…)}, else the sum of the
 * widths of the columns named: 1–16 bytes for fixed-width types, 40 for text and binary, 64 for nested).
 * These figures come from measuring DuckDB 2.0's smallest workable {@code memory_limit} for such scans; they
 * err on the large side. A scan may hold {@link #budget three quarters} of the memory limit.
 *
 * <p>The metrics of one column stay in one scan where they fit (each scan then reads its own columns, so
 * splitting costs little reading); a column whose metrics are too big together is split metric by metric
 * (metrics that share a state stay together); a metric too big on its own gets a scan of its own (and may still run out of memory, see
 * {@link FusedScan}). The count limit ({@code max_metrics_per_scan}) applies as before.
 */
final class ScanPlan {

    /** Rows of a Parquet row group as DuckDB writes them: what one thread reads at a time. */
    static final long ROW_GROUP = 122_880;
    static final long MIB = 1024 * 1024;
    /** Aggregates of plain columns: count, sum, min, max, avg… */
    static final long PLAIN_STATE = 64 * 1024;
    /** A sketch or an aggregate of a computed value, per thread. */
    static final long SKETCH_STATE = 512 * 1024;
    /** The initial hash table of a DISTINCT aggregate or a histogram, per thread. */
    static final long TABLE_STATE = 4 * MIB;
    /** What a holistic aggregate (exact quantiles, lists) starts with, per thread. */
    static final long BUFFER_STATE = MIB;

    private static final Pattern DISTINCT = Pattern.compile("(?i)\\(\\s*DISTINCT\\b");
    private static final Pattern COUNTING = Pattern.compile("(?i)(?<![a-z_])(histogram|mode)\\s*\\(");
    private static final Pattern HOLISTIC = Pattern.compile(
            "(?i)(?<![a-z_])(quantile_cont|quantile_disc|quantile|median|list|array_agg|string_agg|group_concat|listagg"
                    + "|mad)\\s*\\(|\\bORDER\\s+BY\\b");
    private static final Pattern BITSTRING = Pattern.compile(
            "(?i)bitstring_agg\\s*\\(.*,\\s*(-?\\d+)\\s*,\\s*(-?\\d+)\\s*\\)");
    private static final Pattern HASH = Pattern.compile("(?i)(?<![a-z_])hash\\s*\\(");
    private static final Pattern FUNCTION = Pattern.compile("(?i)[a-z_][a-z0-9_]*\\s*\\(");
    private static final Pattern PLAIN = Pattern.compile(
            "(?i)\\s*(count|sum|min|max|avg|mean|bool_and|bool_or|bit_and|bit_or|bit_xor)\\s*\\(\\s*(\"(?:[^\"]|\"\")*\"|\\*)\\s*\\)\\s*");
    private static final Pattern APPROX_DISTINCT = Pattern.compile("(?i)^\\s*approx_count_distinct\\s*\\(");
    /** A trailing list element index ({@code …)[3]}): the metric reads one element of a shared aggregate. */
    private static final Pattern ELEMENT = Pattern.compile("\\[\\s*\\d+\\s*\\]\\s*$");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")*)\"");
    private static final Pattern SIZE = Pattern.compile(
            "(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(bytes?|b|kb|kib|mb|mib|gb|gib|tb|tib)?\\s*");

    /** The state a metric is estimated to hold, the key under which the engine shares it, and the columns it reads. */
    record Cost(String stateKey, long stateBytes, Set<String> columns) {
    }

    private final long rows;
    private final int threads;
    private final Map<String, Column> columns;
    /** HyperLogLog estimates of earlier rounds, by the aggregated argument ({@code "price"}). */
    private final Map<String, Long> estimates = new HashMap<>();

    /**
     * @param rows    the version's rows
     * @param threads the engine's threads
     * @param columns the version's columns
     */
    ScanPlan(long rows, int threads, List<Column> columns) {
        this.rows = Math.max(0, rows);
        // a scan runs at most one thread per row group
        this.threads = (int) Math.max(1, Math.min(threads, (this.rows + ROW_GROUP - 1) / ROW_GROUP));
        this.columns = new HashMap<>();
        columns.forEach(c -> this.columns.put(c.name(), c));
    }

    /** @return the bytes a scan may hold: three quarters of the memory limit */
    static long budget(long memoryLimit) {
        return Math.max(1, memoryLimit / 4 * 3);
    }

    /** Learns from a computed metric: the HyperLogLog estimate of {@code approx_count_distinct(x)} bounds later counts of x. */
    void learn(Metric metric, Object value) {
        if (value instanceof Number n && APPROX_DISTINCT.matcher(metric.sql()).find()) {
            String arg = argument(metric.sql(), "approx_count_distinct");
            if (arg != null) estimates.merge(arg, n.longValue(), Math::max);
        }
    }

    /** @return the estimated state of a metric and the columns it reads */
    Cost cost(Metric metric) {
        String sql = metric.sql();
        String key = ELEMENT.matcher(sql.strip()).replaceFirst("").strip();
        Set<String> read = columnsOf(sql);
        Matcher bits = BITSTRING.matcher(sql);
        if (bits.find()) {
            java.math.BigInteger span = new java.math.BigInteger(bits.group(2)).subtract(new java.math.BigInteger(bits.group(1)));
            long bytes = span.bitLength() > 60 ? Long.MAX_VALUE / 4 : Math.max(SKETCH_STATE, (span.longValue() + 1) / 8);
            return new Cost(key, times(bytes, threads), read);
        }
        if (DISTINCT.matcher(sql).find()) {
            String arg = distinctArgument(sql);
            return new Cost(key, add(times(TABLE_STATE, threads), times(distinctBound(arg), width(sql, read) + 64)), read);
        }
        Matcher counting = COUNTING.matcher(sql);
        if (counting.find()) {
            String arg = argument(sql, counting.group(1));
            boolean plainColumn = arg != null && QUOTED.matcher(stripCast(arg)).matches();
            long perValue = plainColumn ? times(distinctBound(arg), width(sql, read) + 64) : 0;
            return new Cost(key, add(times(TABLE_STATE, threads), perValue), read);
        }
        if (HOLISTIC.matcher(sql).find()) {
            return new Cost(key, add(times(BUFFER_STATE, threads), times(rows, width(sql, read) + 16)), read);
        }
        if (PLAIN.matcher(sql).matches() || !FUNCTION.matcher(sql).find()) {
            return new Cost(key, PLAIN_STATE, read);
        }
        return new Cost(key, times(SKETCH_STATE, threads), read);
    }

    /** @return the read buffers of a column: one row group of its values per thread */
    long readBuffer(String column) {
        Column c = columns.get(column);
        return times(times(Math.min(rows, ROW_GROUP), c == null ? 8 : typeWidth(c.type()) + 8), threads);
    }

    /** @return most distinct values of the argument: the rows, or 1.25 × an earlier HyperLogLog estimate */
    private long distinctBound(String arg) {
        if (arg != null) {
            Long estimate = estimates.get(arg);
            if (estimate == null) estimate = estimates.get(stripCast(arg));
            if (estimate != null) return Math.min(rows, (long) Math.ceil(estimate * 1.25) + 16);
        }
        return rows;
    }

    /** @return the argument of {@code count(DISTINCT x)} (or any {@code f(DISTINCT x)}), or {@code null} */
    private static String distinctArgument(String sql) {
        Matcher m = DISTINCT.matcher(sql);
        if (!m.find()) return null;
        int close = closing(sql, m.start());
        return close < 0 ? null : normalize(sql.substring(m.end(), close));
    }

    /** @return the (first) argument of the first call of {@code function} in the SQL, normalized, or {@code null} */
    static String argument(String sql, String function) {
        Matcher m = Pattern.compile("(?i)(?<![a-z_])" + Pattern.quote(function) + "\\s*\\(").matcher(sql);
        if (!m.find()) return null;
        int open = m.end() - 1;
        int close = closing(sql, open);
        if (close < 0) return null;
        String inside = sql.substring(open + 1, close);
        int comma = topLevelComma(inside);
        return normalize(comma < 0 ? inside : inside.substring(0, comma));
    }

    /** @return the index of the parenthesis closing the one at {@code open}, or -1 */
    /** @return the index of the {@code )} closing the {@code (} at {@code open}, or -1 */
    private static int closing(String sql, int open) {
        return find(sql, open, ')');
    }

    /** @return the index of the first {@code ,} outside quotes and brackets, or -1 */
    private static int topLevelComma(String text) {
        return find(text, 0, ',');
    }

    /**
     * Walks {@code text} from {@code from}, skipping quoted parts and following {@code (}/{@code [} nesting.
     *
     * @return for {@code ')'} the index of the bracket that closes the nesting opened at {@code from}; for another
     *         {@code target} its first index outside any nesting; -1 when there is none
     */
    private static int find(String text, int from, char target) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote != 0) {
                if (ch == quote) quote = 0;
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '(' || ch == '[') {
                depth++;
            } else if (ch == ')' || ch == ']') {
                if (--depth == 0 && ch == target) return i;
            } else if (ch == target && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String normalize(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static String stripCast(String arg) {
        return arg.replaceAll("(?i)\\s*::\\s*VARCHAR\\s*$", "");
    }

    /** @return the version's columns the SQL names */
    private Set<String> columnsOf(String sql) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = QUOTED.matcher(sql);
        while (m.find()) {
            String name = m.group(1).replace("\"\"", "\"");
            if (columns.containsKey(name)) out.add(name);
        }
        return out;
    }

    /** @return the in-memory width of the values the SQL aggregates: its columns' widths, or 8 for a hash */
    private long width(String sql, Set<String> read) {
        if (HASH.matcher(sql).find() || read.isEmpty()) {
            return 8;
        }
        long width = 0;
        for (String name : read) width += typeWidth(columns.get(name).type());
        return width;
    }

    /** @return the in-memory width of a value of an engine type (text and binary: 16 + 24 bytes of payload) */
    static long typeWidth(String type) {
        String t = type == null ? "" : type.strip().toUpperCase(Locale.ROOT);
        if (t.endsWith("]") || t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION")) return 64;
        if (t.startsWith("VARCHAR") || t.startsWith("BLOB") || t.startsWith("JSON") || t.startsWith("BIT")
                || t.startsWith("CHAR") || t.startsWith("TEXT") || t.startsWith("BIGNUM") || t.startsWith("VARINT")
                || t.startsWith("ENUM")) return 40;
        if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) {
            Matcher p = Pattern.compile("\\(\\s*(\\d+)").matcher(t);
            return p.find() && Integer.parseInt(p.group(1)) > 18 ? 16 : 8;
        }
        return switch (t) {
            case "BOOLEAN", "TINYINT", "UTINYINT" -> 1;
            case "SMALLINT", "USMALLINT" -> 2;
            case "INTEGER", "UINTEGER", "FLOAT", "DATE" -> 4;
            case "HUGEINT", "UHUGEINT", "UUID", "INTERVAL", "TIME WITH TIME ZONE" -> 16;
            default -> 8;
        };
    }

    /**
     * Packs items into chunks, each with at most {@code maxPerScan} items and at most {@code budget} bytes of
     * estimated memory, keeping the items of one column (and those of the dataset level) together where they
     * fit. Items keep their order within a chunk; chunks follow the order in which columns first appear.
     */
    <T> List<List<T>> chunks(List<T> items, Function<T, Metric> metricOf, Function<T, Cost> cost, long budget,
                             int maxPerScan) {
        return chunks(items, metricOf, cost, budget, maxPerScan, Integer.MAX_VALUE);
    }

    /**
     * As {@link #chunks(List, Function, Function, long, int)}, and a chunk reads at most {@code maxColumns} columns
     * (a group that reads more on its own gets a chunk of its own).
     */
    <T> List<List<T>> chunks(List<T> items, Function<T, Metric> metricOf, Function<T, Cost> cost, long budget,
                             int maxPerScan, int maxColumns) {
        Map<String, List<T>> groups = new LinkedHashMap<>();
        for (T item : items) {
            Metric m = metricOf.apply(item);
            groups.computeIfAbsent(m.column() == null ? "" : "c:" + m.column(), k -> new ArrayList<>()).add(item);
        }
        List<List<T>> out = new ArrayList<>();
        Chunk<T> current = new Chunk<>();
        for (List<T> group : groups.values()) {
            if (current.fits(group, cost, budget, maxPerScan, maxColumns)) {
                current.addAll(group, cost);
                continue;
            }
            if (!current.items.isEmpty()) {
                out.add(current.items);
                current = new Chunk<>();
            }
            if (current.fits(group, cost, budget, maxPerScan, maxColumns)) {
                current.addAll(group, cost);
                continue;
            }
            // a column whose metrics are too big together: metric by metric, those sharing a state together
            Map<String, List<T>> byState = new LinkedHashMap<>();
            for (T item : group) {
                byState.computeIfAbsent(cost.apply(item).stateKey(), k -> new ArrayList<>()).add(item);
            }
            for (List<T> shared : byState.values()) {
                for (int from = 0; from < shared.size(); from += maxPerScan) {
                    List<T> part = shared.subList(from, Math.min(shared.size(), from + maxPerScan));
                    if (!current.fits(part, cost, budget, maxPerScan, maxColumns) && !current.items.isEmpty()) {
                        out.add(current.items);
                        current = new Chunk<>();
                    }
                    current.addAll(part, cost);
                }
            }
        }
        if (!current.items.isEmpty()) out.add(current.items);
        return out;
    }

    /** @return the estimated memory of a scan of these items */
    <T> long bytes(List<T> items, Function<T, Cost> cost) {
        Chunk<T> c = new Chunk<>();
        c.addAll(items, cost);
        return c.bytes;
    }

    /** Items of one scan: their shared states (each counted once) and the columns read. */
    private final class Chunk<T> {
        final List<T> items = new ArrayList<>();
        final Set<String> states = new HashSet<>();
        final Set<String> read = new HashSet<>();
        long bytes;

        void addAll(List<T> more, Function<T, Cost> cost) {
            for (T item : more) {
                items.add(item);
                bytes = add(bytes, extra(cost.apply(item), states, read));
            }
        }

        boolean fits(List<T> more, Function<T, Cost> cost, long budget, int maxPerScan, int maxColumns) {
            if (items.size() + more.size() > maxPerScan) return false;
            Set<String> s = new HashSet<>(states);
            Set<String> r = new HashSet<>(read);
            long total = bytes;
            for (T item : more) total = add(total, extra(cost.apply(item), s, r));
            return total <= budget && (r.size() <= maxColumns || items.isEmpty());
        }

        private long extra(Cost c, Set<String> s, Set<String> r) {
            long more = s.add(c.stateKey()) ? c.stateBytes() : 0;
            for (String column : c.columns()) {
                if (r.add(column)) more = add(more, readBuffer(column));
            }
            return more;
        }
    }

    private static long add(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long times(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * @param text a memory size as the engine prints it ({@code 953.6 MiB}, {@code 1.0 GiB}, {@code 64.0 MB},
     *             {@code 512 bytes})
     * @return the bytes, or {@code -1} when it cannot be read
     */
    static long parseSize(String text) {
        if (text == null) return -1;
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) return -1;
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        double factor = switch (unit) {
            case "kb" -> 1e3;
            case "kib" -> 1024.0;
            case "mb" -> 1e6;
            case "mib" -> 1024.0 * 1024;
            case "gb" -> 1e9;
            case "gib" -> 1024.0 * 1024 * 1024;
            case "tb" -> 1e12;
            case "tib" -> 1024.0 * 1024 * 1024 * 1024;
            default -> 1;
        };
        return (long) (n * factor);
    }
}

package org.dataanalyst.profiler.quality.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.Schema;
import org.dataanalyst.spi.profiler.Metric;
import org.dataanalyst.spi.profiler.MetricValues;
import org.dataanalyst.spi.profiler.Profilers;

/**
 * The metrics and the one query of the quality profiler.
 * <ul>
 * <li>Round 0: {@code count(*)}, {@code count(c)} per column and {@code approx_count_distinct(c)} per
 * fixed-width column (the same SQL as the column profiler's, so the engine computes it once when both run) and
 * one violation count per declared rule. No later round.</li>
 * <li>Duplicate rows: one query ({@link #duplicatesQuery}) over {@code data}. A grouped aggregate of a key
 * finds the key values that repeat: equal rows have equal keys, so a row whose key is seen once is no one's
 * duplicate. Only the rows with a repeated key are then grouped by all their values, which gives the exact
 * count (rows that merely share the key are told apart there) and the most repeated rows as examples, in the
 * same statement. The key is the fixed-width column (numbers, dates and times, booleans, UUIDs, enums) with the
 * most distinct values when round 0 estimates them at {@value #KEY_MIN_SHARE} of the rows or more: grouping
 * one column is cheap, and the engine pushes its repeated values into the second scan as a filter. Otherwise it
 * is a 64-bit hash of all fixed-width columns (every column when there is none), which hashes no text. Grouped
 * aggregates spill to disk, unlike the ungrouped ones of a fused scan; with no repeated key the second grouping
 * has nothing to do.</li>
 * </ul>
 */
final class QualityPlanner {

    private final Schema schema;
    private final List<Rule> rules;
    private final QualityOptions options;

    QualityPlanner(Schema schema, List<Map<String, Object>> rules, QualityOptions options) {
        this.schema = schema;
        this.rules = Rule.parse(rules, schema);
        this.options = options;
    }

    Schema schema() {
        return schema;
    }

    List<Rule> rules() {
        return rules;
    }

    QualityOptions options() {
        return options;
    }

    /** @return the columns as a comma-separated list of quoted names */
    private String columns() {
        return schema.columns().stream().map(c -> Profilers.quote(c.name())).collect(Collectors.joining(", "));
    }

    List<Metric> metrics(int round, MetricValues earlier) {
        List<Metric> out = new ArrayList<>();
        List<Column> cols = schema.columns();
        if (round == 0) {
            out.add(new Metric("rows", null, "count(*)", true));
            for (Column c : cols) {
                out.add(new Metric("count", c.name(), "count(" + Profilers.quote(c.name()) + ")", true));
                if (fixedWidth(c.type())) {
                    out.add(new Metric("distinct_approx", c.name(), "approx_count_distinct(" + Profilers.quote(c.name()) + ")",
                            false));
                }
            }
            for (Rule r : rules) {
                if (r.sql() != null) {
                    out.add(new Metric("rule_" + r.index(), r.column(), r.sql(), true));
                }
                if (r.validity() != null) {
                    out.add(new Metric("rule_" + r.index() + "_valid", r.column(), r.validity(), true));
                }
            }
        }
        return out;
    }

    /** @return whether duplicate rows are looked for: some columns and at least two rows */
    boolean looksForDuplicates(MetricValues v) {
        return !schema.columns().isEmpty() && count(v.get(null, "rows")) >= 2;
    }

    /**
     * @param limit how many of the most repeated rows to return (0: none, only the count)
     * @param v     the values of round 0
     * @return SQL returning the duplicated rows, most repeated first (ties by row hash), with their occurrences
     *         and the total number of duplicate rows (rows that repeat an earlier row) as the last two columns;
     *         no row when there is no duplicate. With {@code limit} 0, one row: the total.
     */
    String duplicatesQuery(int limit, MetricValues v) {
        String cols = columns();
        Set<String> names = schema.columns().stream().map(Column::name).collect(Collectors.toSet());
        String n = unused("__occurrences", names);
        String total = unused("__duplicates", names);
        String k = unused("__key", names);
        String hash = "hash(" + cols + ")";
        Column key = keyColumn(v);
        String repeated;
        String onlyRepeated;
        if (key != null) {
            String q = Profilers.quote(key.name());
            repeated = "SELECT " + q + " AS " + Profilers.quote(k) + " FROM data GROUP BY " + q + " HAVING count(*) > 1";
            // IN leaves out NULL keys; rows without NULLs in the key take the cheaper IN
            onlyRepeated = count(v.get(key.name(), "count")) == count(v.get(null, "rows"))
                    ? "SELECT * FROM data WHERE " + q + " IN (SELECT " + Profilers.quote(k) + " FROM __repeated)"
                    : "SELECT d.* FROM data d SEMI JOIN __repeated r ON d." + q + " IS NOT DISTINCT FROM r."
                            + Profilers.quote(k);
        } else {
            List<String> fixed = schema.columns().stream().filter(c -> fixedWidth(c.type()))
                    .map(c -> Profilers.quote(c.name())).toList();
            String h = "hash(" + (fixed.isEmpty() ? cols : String.join(", ", fixed)) + ")";
            repeated = "SELECT " + Profilers.quote(k) + " FROM (SELECT " + h + " AS " + Profilers.quote(k) + " FROM data) GROUP BY "
                    + Profilers.quote(k) + " HAVING count(*) > 1";
            onlyRepeated = "SELECT * FROM data WHERE " + h + " IN (SELECT " + Profilers.quote(k) + " FROM __repeated)";
        }
        String groups = "WITH __repeated AS (" + repeated + "), __groups AS (SELECT " + cols + ", count(*) AS "
                + Profilers.quote(n) + " FROM (" + onlyRepeated + ") GROUP BY ALL HAVING count(*) > 1) ";
        if (limit <= 0) {
            return groups + "SELECT coalesce(sum(" + Profilers.quote(n) + " - 1), 0) AS " + Profilers.quote(total)
                    + " FROM __groups";
        }
        return groups + "SELECT *, sum(" + Profilers.quote(n) + " - 1) OVER () AS " + Profilers.quote(total)
                + " FROM __groups ORDER BY " + Profilers.quote(n) + " DESC, " + hash + " LIMIT " + limit;
    }

    /** Least share of the rows a column's estimated distinct values must reach to be the duplicates' key. */
    static final double KEY_MIN_SHARE = 0.9;

    /**
     * @return the fixed-width column with the most distinct values (estimated in round 0), when they are at least
     *         {@link #KEY_MIN_SHARE} of the rows; else {@code null}
     */
    Column keyColumn(MetricValues v) {
        long rows = count(v.get(null, "rows"));
        Column best = null;
        long most = -1;
        for (Column c : schema.columns()) {
            if (!fixedWidth(c.type())) continue;
            long d = count(v.get(c.name(), "distinct_approx"));
            if (d > most) {
                best = c;
                most = d;
            }
        }
        return best != null && most >= KEY_MIN_SHARE * rows ? best : null;
    }

    /** @return whether values of the type have a fixed width (cheap to hash): numbers, dates and times, booleans, UUIDs, enums */
    static boolean fixedWidth(String type) {
        return Types.numeric(type) || Types.comparable(type) || type.strip().toUpperCase(java.util.Locale.ROOT).startsWith("ENUM(");
    }

    private static String unused(String name, Set<String> names) {
        String n = name;
        while (names.contains(n)) {
            n = "_" + n;
        }
        return n;
    }

    static long count(Object v) {
        return v instanceof Number n ? n.longValue() : 0L;
    }
}

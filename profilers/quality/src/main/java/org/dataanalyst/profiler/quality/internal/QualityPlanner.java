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
 * <li>Round 0: {@code count(*)}, {@code count(c)} per column (the same SQL as the column profiler's, so the
 * engine computes it once when both run) and one violation count per declared rule. No later round.</li>
 * <li>Duplicate rows: one query ({@link #duplicatesQuery}) over {@code data}. A grouped aggregate of a
 * 64-bit hash per row of the fixed-width columns (numbers, dates and times, booleans, UUIDs, enums; every
 * column when there is none) finds the hashes that repeat: equal rows are equal in those columns and hash
 * equally, so a row whose hash is seen once is no one's duplicate, and hashing no text is about twice as
 * cheap. Only the rows with a repeated hash are then grouped by all their values, which gives the exact count
 * (rows that merely share the hashed columns, or a hash collision, are told apart there) and the most
 * repeated rows as examples, in the same statement. Grouped aggregates spill to disk, unlike the ungrouped
 * ones of a fused scan; with no repeated hash the second grouping has nothing to do.</li>
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
     * @return SQL returning the duplicated rows, most repeated first (ties by row hash), with their occurrences
     *         and the total number of duplicate rows (rows that repeat an earlier row) as the last two columns;
     *         no row when there is no duplicate. With {@code limit} 0, one row: the total.
     */
    String duplicatesQuery(int limit) {
        String cols = columns();
        Set<String> names = schema.columns().stream().map(Column::name).collect(Collectors.toSet());
        String n = unused("__occurrences", names);
        String total = unused("__duplicates", names);
        String hash = "hash(" + cols + ")";
        List<String> fixed = schema.columns().stream().filter(c -> fixedWidth(c.type()))
                .map(c -> Profilers.quote(c.name())).toList();
        String key = "hash(" + (fixed.isEmpty() ? cols : String.join(", ", fixed)) + ")";
        String groups = "WITH __repeated AS (SELECT __h FROM (SELECT " + key + " AS __h FROM data) GROUP BY __h "
                + "HAVING count(*) > 1), __groups AS (SELECT " + cols + ", count(*) AS " + Profilers.quote(n)
                + " FROM data WHERE " + key + " IN (SELECT __h FROM __repeated) GROUP BY ALL HAVING count(*) > 1) ";
        if (limit <= 0) {
            return groups + "SELECT coalesce(sum(" + Profilers.quote(n) + " - 1), 0) AS " + Profilers.quote(total)
                    + " FROM __groups";
        }
        return groups + "SELECT *, sum(" + Profilers.quote(n) + " - 1) OVER () AS " + Profilers.quote(total)
                + " FROM __groups ORDER BY " + Profilers.quote(n) + " DESC, " + hash + " LIMIT " + limit;
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

package org.dataanalyst.profiler.quality.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.Schema;
import org.dataanalyst.spi.profiler.Metric;
import org.dataanalyst.spi.profiler.MetricValues;
import org.dataanalyst.spi.profiler.Profilers;

/**
 * The metrics of the quality profiler.
 * <ul>
 * <li>Round 0: {@code count(*)}, {@code count(c)} per column (the same SQL as the column profiler's, so the
 * engine computes it once when both run), {@code count(DISTINCT hash(c1, …, cn))} — a 64-bit hash per row —
 * and one violation count per declared rule.</li>
 * <li>Round 1, only when the hashes say some rows may repeat (fewer distinct hashes than rows):
 * {@code count(DISTINCT row(c1, …, cn))}, which is exact. Equal rows always hash equally, so as many
 * distinct hashes as rows proves there are no duplicates; fewer can also be a hash collision, which the exact
 * count settles.</li>
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
            if (!cols.isEmpty()) {
                out.add(new Metric("row_hashes", null, "count(DISTINCT hash(" + columns() + "))", true));
            }
            for (Rule r : rules) {
                if (r.sql() != null) {
                    out.add(new Metric("rule_" + r.index(), r.column(), r.sql(), true));
                }
                if (r.validity() != null) {
                    out.add(new Metric("rule_" + r.index() + "_valid", r.column(), r.validity(), true));
                }
            }
        } else if (round == 1 && !cols.isEmpty()) {
            long rows = count(earlier.get(null, "rows"));
            long hashes = count(earlier.get(null, "row_hashes"));
            if (hashes < rows) {
                out.add(new Metric("distinct_rows", null, "count(DISTINCT row(" + columns() + "))", true));
            }
        }
        return out;
    }

    /** @return the number of duplicate rows: rows that repeat an earlier row */
    long duplicates(MetricValues v) {
        long rows = count(v.get(null, "rows"));
        if (v.has(null, "distinct_rows")) {
            return rows - count(v.get(null, "distinct_rows"));
        }
        return 0; // as many distinct row hashes as rows: every row differs
    }

    /** @return SQL returning the most repeated rows with their number of occurrences as the last column */
    String examplesQuery(int limit) {
        String cols = columns();
        String n = "__occurrences";
        java.util.Set<String> names = schema.columns().stream().map(Column::name).collect(Collectors.toSet());
        while (names.contains(n)) {
            n = "_" + n;
        }
        return "SELECT * FROM (SELECT " + cols + ", count(*) AS " + Profilers.quote(n) + " FROM data GROUP BY ALL "
                + "HAVING count(*) > 1) ORDER BY " + Profilers.quote(n) + " DESC, hash(" + cols + ") LIMIT " + limit;
    }

    static long count(Object v) {
        return v instanceof Number n ? n.longValue() : 0L;
    }
}

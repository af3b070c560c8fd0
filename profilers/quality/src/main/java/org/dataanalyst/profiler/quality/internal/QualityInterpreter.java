package org.dataanalyst.profiler.quality.internal;

import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.SchemaDrift;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.spi.profiler.MetricValues;
import org.dataanalyst.spi.profiler.Section;
import org.dataanalyst.spi.profiler.Section.Alert;
import org.dataanalyst.spi.profiler.Section.Check;
import org.dataanalyst.spi.profiler.Section.Severity;
import org.dataanalyst.spi.profiler.Section.Status;

/** Builds the {@code quality} section: figures, drift, alerts and checks. */
final class QualityInterpreter {

    private final QualityPlanner planner;
    private final MetricValues v;
    private final SchemaDrift drift;
    private final Function<String, QueryResult> query;
    private final java.util.function.Consumer<String> log;

    /**
     * @param drift the version's drift against the previous one, or {@code null}
     * @param query runs SQL over {@code data} (only when there are duplicates to show)
     * @param log   the run log
     */
    QualityInterpreter(QualityPlanner planner, MetricValues values, SchemaDrift drift,
                       Function<String, QueryResult> query, java.util.function.Consumer<String> log) {
        this.planner = planner;
        this.v = values;
        this.drift = drift;
        this.query = query;
        this.log = log;
    }

    Section section() {
        QualityOptions o = planner.options();
        List<Column> columns = planner.schema().columns();
        long rows = QualityPlanner.count(v.get(null, "rows"));
        long missing = 0;
        for (Column c : columns) {
            missing += rows - QualityPlanner.count(v.get(c.name(), "count"));
        }
        long cells = rows * columns.size();
        double missingPct = cells == 0 ? 0 : 100.0 * missing / cells;
        Map<String, Object> dup = new LinkedHashMap<>();
        List<Object> examples = new ArrayList<>();
        List<Object> occurrences = new ArrayList<>();
        Long duplicates = 0L;
        String duplicatesError = null;
        if (planner.looksForDuplicates(v)) {
            int limit = o.duplicateExamples();
            try {
                QueryResult r = query.apply(planner.duplicatesQuery(limit, v));
                if (limit <= 0) {
                    duplicates = QualityPlanner.count(r.rows().get(0).get(0));
                } else {
                    duplicates = r.rows().isEmpty() ? 0L : QualityPlanner.count(r.rows().get(0).get(r.rows().get(0).size() - 1));
                    for (List<Object> row : r.rows()) {
                        List<Object> values = new ArrayList<>();
                        for (int i = 0; i < row.size() - 2; i++) {
                            values.add(json(row.get(i)));
                        }
                        examples.add(values);
                        occurrences.add(row.get(row.size() - 2));
                    }
                }
            } catch (RuntimeException e) {
                duplicates = null;
                duplicatesError = String.valueOf(e.getMessage());
                log.accept("quality: could not count duplicate rows: " + duplicatesError);
            }
        }
        Double duplicatePct = duplicates == null ? null : rows == 0 ? 0.0 : 100.0 * duplicates / rows;

        Map<String, Object> content = new LinkedHashMap<>();
        content.put("rows", figure(rows));
        content.put("columns", figure(columns.size()));
        content.put("missing_cells", figure(missing));
        content.put("missing_cells_pct", figure(missingPct));
        dup.put("count", duplicates == null ? unknown() : figure(duplicates));
        dup.put("pct", duplicatePct == null ? unknown() : figure(duplicatePct));
        if (duplicatesError != null) {
            dup.put("error", duplicatesError);
        }
        dup.put("examples", examples);
        dup.put("example_occurrences", occurrences);
        content.put("duplicate_rows", dup);
        content.put("drift", drift == null ? null : drift(drift));

        List<Alert> alerts = new ArrayList<>();
        if (duplicates != null && duplicates > 0) {
            alerts.add(new Alert("duplicates", null, Severity.WARNING, String.format(Locale.ROOT,
                    "%d of %d rows (%.2f %%) repeat an earlier row exactly.", duplicates, rows, duplicatePct)));
        }
        if (drift != null && !drift.isEmpty()) {
            List<String> what = drift.changes().stream()
                    .map(c -> (c.detail().isEmpty() ? c.kind().name().toLowerCase(Locale.ROOT) : c.detail())
                            + " ('" + c.column() + "')")
                    .toList();
            String list = String.join("; ", what.subList(0, Math.min(5, what.size()))) + (what.size() > 5 ? "; …" : "");
            if (drift.breaking()) {
                alerts.add(new Alert("drift_breaking", null, Severity.WARNING, "The schema changed in a breaking way since "
                        + "version " + drift.fromVersion() + ": " + list + "."));
            } else {
                alerts.add(new Alert("drift", null, Severity.INFO, "The schema changed since version "
                        + drift.fromVersion() + " (nothing breaking): " + list + "."));
            }
        }

        List<Check> checks = new ArrayList<>();
        checks.add(threshold("missing_cells", missingPct, o.missingCellsWarnPct(), o.missingCellsFailPct(),
                String.format(Locale.ROOT, "%d of %d cells (%.2f %%) are missing.", missing, cells, missingPct)));
        if (duplicates == null) {
            checks.add(new Check("duplicate_rows", null, Status.WARN, null, thresholdText(o.duplicateRowsWarnPct(),
                    o.duplicateRowsFailPct()), "Duplicate rows could not be counted: " + duplicatesError));
        } else {
            checks.add(threshold("duplicate_rows", duplicatePct, o.duplicateRowsWarnPct(), o.duplicateRowsFailPct(),
                    String.format(Locale.ROOT, "%d of %d rows (%.2f %%) are duplicates.", duplicates, rows, duplicatePct)));
        }
        for (Rule r : planner.rules()) {
            checks.add(rule(r, rows));
        }
        return new Section(content, alerts, checks);
    }

    private static Check threshold(String name, double observed, double warn, double fail, String message) {
        Status status = observed > fail ? Status.FAIL : observed > warn ? Status.WARN : Status.PASS;
        return new Check(name, null, status, observed, thresholdText(warn, fail), message);
    }

    private static String thresholdText(double warn, double fail) {
        return String.format(Locale.ROOT, "warn above %s %%, fail above %s %%", plain(warn), plain(fail));
    }

    private Check rule(Rule r, long rows) {
        if (r.error() != null) {
            return new Check(r.name(), r.column(), Status.FAIL, null, null, r.error());
        }
        if (r.type().equals("row_count")) {
            boolean ok = (r.min() == null || rows >= r.min()) && (r.max() == null || rows <= r.max());
            return new Check(r.name(), null, ok ? Status.PASS : r.severity(), rows, r.describe(),
                    ok ? "The version has " + rows + " rows: " + r.describe() + "."
                            : "The version has " + rows + " rows, expected " + r.describe().replace("row count ", "") + ".");
        }
        String key = "rule_" + r.index();
        if (r.validity() != null && Boolean.FALSE.equals(v.get(r.column(), key + "_valid"))) {
            return new Check(r.name(), r.column(), Status.FAIL, null, r.describe(), "Rule " + (r.index() + 1) + " ("
                    + r.type() + ") cannot be checked: a bound is not a value of the column's type.");
        }
        long violations = QualityPlanner.count(v.get(r.column(), key));
        Status status = violations == 0 ? Status.PASS : r.severity();
        String message = violations == 0 ? "Passed: " + r.describe() + "."
                : String.format(Locale.ROOT, "%d of %d rows violate: %s.", violations, rows, r.describe());
        return new Check(r.name(), r.column(), status, violations, "0 violating rows", message);
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** @return a figure that could not be computed */
    private static Map<String, Object> unknown() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("value", null);
        f.put("exact", false);
        return f;
    }

    private static Map<String, Object> figure(Object value) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("value", value);
        f.put("exact", true);
        return f;
    }

    /** @return the drift as JSON-compatible data, in the REST API's shape (snake_case, lower-case kinds) */
    static Map<String, Object> drift(SchemaDrift d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from_version", d.fromVersion());
        m.put("to_version", d.toVersion());
        List<Object> changes = new ArrayList<>();
        for (SchemaDrift.Change c : d.changes()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
            x.put("column", c.column());
            x.put("new_name", c.newName());
            x.put("from_type", c.fromType());
            x.put("to_type", c.toType());
            x.put("from_position", c.fromPosition());
            x.put("to_position", c.toPosition());
            x.put("from_nullable", c.fromNullable());
            x.put("to_nullable", c.toNullable());
            x.put("breaking", c.breaking());
            x.put("detail", c.detail());
            changes.add(x);
        }
        m.put("changes", changes);
        m.put("breaking", d.breaking());
        return m;
    }

    /** @return a value of an example row as JSON-compatible data */
    static Object json(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof TemporalAccessor) {
            return v.toString();
        }
        return v.toString();
    }
}

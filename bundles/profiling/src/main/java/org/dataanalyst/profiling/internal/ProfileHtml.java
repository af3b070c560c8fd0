package org.dataanalyst.profiling.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Renders a profile document ({@code profile.json}'s content) as ONE self-contained HTML page: inline CSS,
 * inline SVG charts, no external reference, no script needed (a few lines of inline script add a column
 * filter). Every text from the data or a plugin is escaped. Column sections are collapsed
 * ({@code <details>}) and compact, so that a 500-column profile stays well under 5 MB.
 */
final class ProfileHtml {

    /** Most alerts, checks or examples listed in full; the rest is counted. */
    static final int MAX_ROWS = 1000;
    /** Most characters of a generic value shown. */
    static final int MAX_TEXT = 300;

    private static final Set<String> COLUMN_KEYS_SHOWN = Set.of("name", "type", "position", "semantic_type", "pattern",
            "figures", "histogram", "lengths", "date_range", "monotonic");
    private static final Set<String> QUALITY_KEYS_SHOWN = Set.of("rows", "columns", "missing_cells", "missing_cells_pct",
            "duplicate_rows", "drift");

    private static final String CSS = """
            :root{--fg:#1d232a;--muted:#5f6b7a;--line:#d9dee4;--bg:#fff;--soft:#f4f6f8;--accent:#2d6cdf;--warn:#b26b00;\
            --fail:#c0262d;--ok:#1f7a3a}
            *{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);\
            background:var(--bg);margin:0 auto;max-width:1200px;padding:1rem 1.5rem 3rem}
            h1{font-size:1.6rem;margin:.5rem 0 0}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);\
            padding-bottom:.3rem}h3{font-size:1rem;margin:1rem 0 .4rem}.muted{color:var(--muted)}
            nav{position:sticky;top:0;background:var(--bg);padding:.4rem 0;border-bottom:1px solid var(--line);z-index:1}
            nav a{margin-right:1rem;color:var(--accent);text-decoration:none}
            .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:.6rem}
            .tile{background:var(--soft);border-radius:6px;padding:.6rem .8rem}.tile b{display:block;font-size:1.3rem}
            table{border-collapse:collapse;width:100%;margin:.3rem 0}th,td{text-align:left;padding:.25rem .5rem;\
            border-bottom:1px solid var(--line);vertical-align:top}th{background:var(--soft);font-weight:600}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
            .b{display:inline-block;border-radius:3px;padding:0 .4rem;font-size:.8rem;font-weight:600;color:#fff}
            .warning,.warn{background:var(--warn)}.fail,.failed{background:var(--fail)}.pass,.ok{background:var(--ok)}\
            .info{background:var(--muted)}
            details.col{border:1px solid var(--line);border-radius:6px;margin:.3rem 0;padding:.2rem .6rem}
            details.col>summary{cursor:pointer;padding:.2rem 0}details.col>summary span{margin-left:.8rem;color:var(--muted)}
            .grid{display:grid;grid-template-columns:minmax(260px,1fr) minmax(300px,1.4fr);gap:1rem}
            table.kv td:first-child{color:var(--muted);width:45%}.approx{color:var(--warn)}
            .bar{background:var(--accent);height:.7rem;display:inline-block;vertical-align:middle}
            svg{max-width:100%;height:auto}svg rect{fill:var(--accent)}svg text{font:10px sans-serif;fill:var(--fg)}
            pre{background:var(--soft);padding:.5rem;overflow:auto;max-height:20rem;font-size:12px}
            #filter{margin:.3rem 0;padding:.3rem;width:18rem}
            """;

    private static final String SCRIPT = "(function(){var f=document.getElementById('filter');if(!f)return;f.hidden=false;"
            + "f.addEventListener('input',function(){var q=f.value.toLowerCase();"
            + "document.querySelectorAll('[data-col]').forEach(function(e){e.hidden=q!==''&&e.getAttribute('data-col')"
            + ".indexOf(q)<0;});});})();"
            + "(function(){function o(){var h=location.hash.slice(1),e=h&&document.getElementById(h);"
            + "if(e&&e.tagName==='DETAILS')e.open=true;}window.addEventListener('hashchange',o);o();})();";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringBuilder out = new StringBuilder(64 * 1024);
    private final Map<String, Object> profile;
    private final long rows;

    private ProfileHtml(Map<String, Object> profile) {
        this.profile = profile;
        this.rows = figure(map(profile.get("dataset")).get("rows")) instanceof Number n ? n.longValue() : 0;
    }

    /** @return the page */
    static String render(Map<String, Object> profile) {
        return new ProfileHtml(profile).page();
    }

    private String page() {
        Map<String, Object> dataset = map(profile.get("dataset"));
        Map<String, Object> sections = map(profile.get("sections"));
        List<Object> alerts = list(profile.get("alerts"));
        List<Object> checks = list(profile.get("checks"));
        List<Object> failures = list(profile.get("failures"));
        Map<String, Object> columnsSection = map(sections.get("columns"));
        List<Object> columns = list(columnsSection.get("columns"));
        Map<String, Object> quality = map(sections.get("quality"));

        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<meta name=\"generator\" content=\"data-analyst profile\"><title>Profile of ");
        text(dataset.get("name"));
        out.append(" v");
        text(dataset.get("version"));
        out.append("</title><style>").append(CSS).append("</style></head><body>\n");

        out.append("<header><h1>Profile of ");
        text(dataset.get("name"));
        out.append("</h1><p class=\"muted\">version ");
        text(dataset.get("version"));
        out.append(" (");
        text(dataset.get("version_id"));
        out.append(") · dataset ");
        text(dataset.get("id"));
        out.append(" · run ");
        text(profile.get("run_id"));
        out.append(" · generated ");
        text(profile.get("generated_at"));
        out.append(" in ");
        text(seconds(profile.get("duration_ms")));
        out.append("</p></header>\n<nav><a href=\"#overview\">Overview</a><a href=\"#alerts\">Alerts (")
                .append(alerts.size()).append(")</a><a href=\"#checks\">Checks (").append(checks.size()).append(")</a>");
        if (!columns.isEmpty()) out.append("<a href=\"#columns\">Columns (").append(columns.size()).append(")</a>");
        if (!columns.isEmpty()) out.append("<a href=\"#missing\">Missing values</a>");
        if (!quality.isEmpty()) out.append("<a href=\"#duplicates\">Duplicates</a>");
        out.append("<a href=\"#profilers\">Profilers</a><a href=\"#failures\">Failures (").append(failures.size())
                .append(")</a></nav>\n");

        overview(dataset, quality, alerts, checks, failures);
        alerts(alerts);
        checks(checks);
        if (!columns.isEmpty()) {
            columns(columns);
            missing(columns);
        }
        if (!quality.isEmpty()) {
            quality(quality, columns);
        }
        for (Map.Entry<String, Object> e : sections.entrySet()) {
            if (e.getKey().equals("columns") || e.getKey().equals("quality")) continue;
            out.append("<h2 id=\"section-");
            attr(e.getKey());
            out.append("\">Section ");
            text(e.getKey());
            out.append("</h2>\n");
            generic(e.getValue(), 0);
        }
        profilers(list(profile.get("profilers")), map(profile.get("engine")));
        failures(failures);
        out.append("<footer class=\"muted\"><p>");
        text(profile.get("format"));
        out.append(" format ");
        text(profile.get("format_version"));
        out.append(" · the same figures are in the run's profile.json artifact</p></footer>\n<script>")
                .append(SCRIPT).append("</script></body></html>\n");
        return out.toString();
    }

    // --- parts ---

    private void overview(Map<String, Object> dataset, Map<String, Object> quality, List<Object> alerts,
                          List<Object> checks, List<Object> failures) {
        out.append("<h2 id=\"overview\">Overview</h2><div class=\"tiles\">");
        tile("Rows", format(dataset.get("rows")), null);
        tile("Columns", format(dataset.get("columns")), null);
        if (quality.containsKey("missing_cells")) {
            tile("Missing cells", format(figure(quality.get("missing_cells"))), pct(quality.get("missing_cells_pct")));
        }
        Map<String, Object> duplicates = map(quality.get("duplicate_rows"));
        if (!duplicates.isEmpty()) {
            tile("Duplicate rows", format(figure(duplicates.get("count"))), pct(duplicates.get("pct")));
        }
        long warnings = alerts.stream().filter(a -> "warning".equals(map(a).get("severity"))).count();
        tile("Alerts", String.valueOf(alerts.size()), warnings + " warnings");
        long failed = checks.stream().filter(c -> "fail".equals(map(c).get("status"))).count();
        long warned = checks.stream().filter(c -> "warn".equals(map(c).get("status"))).count();
        tile("Checks", String.valueOf(checks.size()), failed + " failed, " + warned + " warnings");
        tile("Failed profilers", String.valueOf(failures.size()), null);
        out.append("</div>\n");
    }

    private void tile(String label, String value, String note) {
        out.append("<div class=\"tile\"><span class=\"muted\">");
        text(label);
        out.append("</span><b>");
        text(value);
        out.append("</b>");
        if (note != null) {
            out.append("<span class=\"muted\">");
            text(note);
            out.append("</span>");
        }
        out.append("</div>");
    }

    private void alerts(List<Object> alerts) {
        out.append("<h2 id=\"alerts\">Alerts</h2>\n");
        if (alerts.isEmpty()) {
            out.append("<p class=\"muted\">No alerts.</p>\n");
            return;
        }
        out.append("<table><tr><th>Severity</th><th>Column</th><th>Kind</th><th>Message</th><th>Profiler</th></tr>\n");
        int shown = 0;
        for (Object o : alerts) {
            if (shown++ == MAX_ROWS) break;
            Map<String, Object> a = map(o);
            out.append("<tr><td>");
            badge(a.get("severity"));
            out.append("</td><td>");
            text(a.get("column"));
            out.append("</td><td>");
            text(a.get("kind"));
            out.append("</td><td>");
            text(a.get("message"));
            out.append("</td><td>");
            text(a.get("profiler"));
            out.append("</td></tr>\n");
        }
        out.append("</table>\n");
        more(alerts.size(), "alerts");
    }

    private void checks(List<Object> checks) {
        out.append("<h2 id=\"checks\">Checks</h2>\n");
        if (checks.isEmpty()) {
            out.append("<p class=\"muted\">No checks.</p>\n");
            return;
        }
        out.append("<table><tr><th>Status</th><th>Check</th><th>Column</th><th class=\"n\">Observed</th><th>Threshold</th>"
                + "<th>Message</th><th>Profiler</th></tr>\n");
        int shown = 0;
        for (Object o : checks) {
            if (shown++ == MAX_ROWS) break;
            Map<String, Object> c = map(o);
            out.append("<tr><td>");
            badge(c.get("status"));
            out.append("</td><td>");
            text(c.get("name"));
            out.append("</td><td>");
            text(c.get("column"));
            out.append("</td><td class=\"n\">");
            text(format(figure(c.get("observed"))));
            out.append("</td><td>");
            text(format(c.get("threshold")));
            out.append("</td><td>");
            text(c.get("message"));
            out.append("</td><td>");
            text(c.get("profiler"));
            out.append("</td></tr>\n");
        }
        out.append("</table>\n");
        more(checks.size(), "checks");
    }

    private void columns(List<Object> columns) {
        out.append("<h2 id=\"columns\">Columns</h2>\n<input id=\"filter\" type=\"search\" placeholder=\"filter columns by name\" "
                + "aria-label=\"filter columns by name\" hidden>\n");
        out.append("<table><tr><th>#</th><th>Column</th><th>Type</th><th>Kind</th><th class=\"n\">Missing</th>"
                + "<th class=\"n\">Distinct</th></tr>\n");
        int i = 0;
        for (Object o : columns) {
            Map<String, Object> c = map(o);
            Map<String, Object> figures = map(c.get("figures"));
            out.append("<tr data-col=\"");
            attr(lower(c.get("name")));
            out.append("\"><td class=\"n\">").append(i + 1).append("</td><td><a href=\"#c").append(i).append("\">");
            text(c.get("name"));
            out.append("</a></td><td>");
            text(c.get("type"));
            out.append("</td><td>");
            text(c.get("semantic_type"));
            out.append("</td><td class=\"n\">");
            figureCell(figures.get("missing_pct"), " %");
            out.append("</td><td class=\"n\">");
            figureCell(figures.get("distinct"), "");
            out.append("</td></tr>\n");
            i++;
        }
        out.append("</table>\n");
        i = 0;
        for (Object o : columns) {
            column(i++, map(o));
        }
    }

    private void column(int index, Map<String, Object> c) {
        Map<String, Object> figures = map(c.get("figures"));
        out.append("<details class=\"col\" id=\"c").append(index).append("\" data-col=\"");
        attr(lower(c.get("name")));
        out.append("\"><summary><b>");
        text(c.get("name"));
        out.append("</b><span>");
        text(c.get("type"));
        if (c.get("semantic_type") != null) {
            out.append(" · ");
            text(c.get("semantic_type"));
        }
        if (figures.containsKey("missing_pct")) {
            out.append(" · missing ");
            text(format(figure(figures.get("missing_pct"))));
            out.append(" %");
        }
        if (figures.containsKey("distinct")) {
            out.append(" · distinct ");
            text(approxMark(figures.get("distinct")) + format(figure(figures.get("distinct"))));
        }
        out.append("</span></summary><div class=\"grid\"><div><table class=\"kv\">");
        for (Map.Entry<String, Object> f : figures.entrySet()) {
            out.append("<tr><td>");
            text(f.getKey().replace('_', ' '));
            out.append("</td><td class=\"n\">");
            figureCell(f.getValue(), f.getKey().endsWith("_pct") ? " %" : "");
            out.append("</td></tr>");
        }
        kv("pattern", c.get("pattern"));
        kv("monotonic", c.get("monotonic"));
        Map<String, Object> lengths = map(c.get("lengths"));
        if (!lengths.isEmpty()) {
            kv("length min / mean / max", format(figure(lengths.get("min"))) + " / " + format(figure(lengths.get("mean")))
                    + " / " + format(figure(lengths.get("max"))));
        }
        Map<String, Object> dates = map(c.get("date_range"));
        if (!dates.isEmpty()) {
            kv("date range", format(figure(dates.get("min"))) + " … " + format(figure(dates.get("max")))
                    + (dates.get("granularity") == null ? "" : " (" + dates.get("granularity") + ")"));
        }
        for (Map.Entry<String, Object> e : c.entrySet()) {
            if (!COLUMN_KEYS_SHOWN.contains(e.getKey())) kv(e.getKey().replace('_', ' '), compact(e.getValue()));
        }
        out.append("</table></div><div>");
        histogram(map(c.get("histogram")));
        out.append("</div></div></details>\n");
    }

    private void kv(String key, Object value) {
        if (value == null) return;
        out.append("<tr><td>");
        text(key);
        out.append("</td><td>");
        text(format(value));
        out.append("</td></tr>");
    }

    private void histogram(Map<String, Object> h) {
        if ("bins".equals(h.get("kind"))) {
            List<Object> edges = list(h.get("edges"));
            List<Object> counts = list(h.get("counts"));
            if (counts.isEmpty()) return;
            double max = counts.stream().mapToDouble(ProfileHtml::doubleOf).max().orElse(0);
            int n = counts.size();
            int width = 360;
            int height = 110;
            int plot = 90;
            double barWidth = (double) width / n;
            out.append("<svg viewBox=\"0 0 ").append(width).append(' ').append(height)
                    .append("\" width=\"").append(width).append("\" height=\"").append(height)
                    .append("\" role=\"img\" aria-label=\"histogram\">");
            for (int i = 0; i < n; i++) {
                double count = doubleOf(counts.get(i));
                int barHeight = max <= 0 ? 0 : (int) Math.round(plot * count / max);
                if (count > 0 && barHeight == 0) barHeight = 1;
                out.append("<rect x=\"").append(round1(i * barWidth)).append("\" y=\"").append(plot - barHeight)
                        .append("\" width=\"").append(round1(Math.max(1, barWidth - 1))).append("\" height=\"")
                        .append(barHeight).append("\"><title>");
                if (edges.size() == n + 1) {
                    text(format(edges.get(i)) + " … " + format(edges.get(i + 1)) + ": ");
                }
                text(format(counts.get(i)));
                out.append("</title></rect>");
            }
            if (!edges.isEmpty()) {
                out.append("<text x=\"0\" y=\"104\">");
                text(format(edges.get(0)));
                out.append("</text><text x=\"").append(width).append("\" y=\"104\" text-anchor=\"end\">");
                text(format(edges.get(edges.size() - 1)));
                out.append("</text>");
            }
            out.append("</svg>");
        } else if ("top_k".equals(h.get("kind"))) {
            List<Object> values = list(h.get("values"));
            if (values.isEmpty()) return;
            double max = values.stream().mapToDouble(v -> doubleOf(map(v).get("count"))).max().orElse(0);
            int shown = Math.min(values.size(), 20);
            int row = 16;
            int height = shown * row + 4;
            out.append("<svg viewBox=\"0 0 400 ").append(height).append("\" width=\"400\" height=\"").append(height)
                    .append("\" role=\"img\" aria-label=\"most frequent values\">");
            for (int i = 0; i < shown; i++) {
                Map<String, Object> v = map(values.get(i));
                double count = doubleOf(v.get("count"));
                int barWidth = max <= 0 ? 0 : (int) Math.round(190 * count / max);
                int y = i * row;
                out.append("<text x=\"0\" y=\"").append(y + 12).append("\">");
                text(shorten(v.get("value") == null ? "(null)" : format(v.get("value")), 28));
                out.append("</text><rect x=\"170\" y=\"").append(y + 3).append("\" width=\"").append(Math.max(1, barWidth))
                        .append("\" height=\"11\"/><text x=\"").append(174 + barWidth).append("\" y=\"").append(y + 12)
                        .append("\">");
                text(format(v.get("count")));
                out.append("</text>");
            }
            out.append("</svg>");
            Object other = h.get("other");
            if (other != null && doubleOf(other) > 0) {
                out.append("<p class=\"muted\">other values: ");
                text(format(other));
                out.append("</p>");
            }
        }
    }

    private void missing(List<Object> columns) {
        out.append("<h2 id=\"missing\">Missing values per column</h2>\n");
        List<Map<String, Object>> withMissing = new ArrayList<>();
        for (Object o : columns) {
            Map<String, Object> figures = map(map(o).get("figures"));
            if (doubleOf(figure(figures.get("missing"))) > 0 || doubleOf(figure(figures.get("missing_pct"))) > 0) {
                withMissing.add(map(o));
            }
        }
        if (withMissing.isEmpty()) {
            out.append("<p class=\"muted\">No column has missing values.</p>\n");
            return;
        }
        out.append("<table><tr><th>Column</th><th class=\"n\">Missing</th><th class=\"n\">%</th><th style=\"width:40%\"></th></tr>\n");
        for (Map<String, Object> c : withMissing) {
            Map<String, Object> figures = map(c.get("figures"));
            Object count = figure(figures.get("missing"));
            double pct = figures.containsKey("missing_pct") ? doubleOf(figure(figures.get("missing_pct")))
                    : rows > 0 ? 100.0 * doubleOf(count) / rows : 0;
            out.append("<tr data-col=\"");
            attr(lower(c.get("name")));
            out.append("\"><td>");
            text(c.get("name"));
            out.append("</td><td class=\"n\">");
            text(format(count));
            out.append("</td><td class=\"n\">");
            text(format(pct));
            out.append("</td><td><span class=\"bar\" style=\"width:").append(round1(Math.max(0, Math.min(100, pct))))
                    .append("%\"></span></td></tr>\n");
        }
        out.append("</table>\n");
        int none = columns.size() - withMissing.size();
        if (none > 0) out.append("<p class=\"muted\">").append(none).append(" columns have no missing values.</p>\n");
    }

    private void quality(Map<String, Object> quality, List<Object> columns) {
        Map<String, Object> duplicates = map(quality.get("duplicate_rows"));
        out.append("<h2 id=\"duplicates\">Duplicate rows</h2>\n");
        if (duplicates.isEmpty()) {
            out.append("<p class=\"muted\">Not computed.</p>\n");
        } else {
            out.append("<p>");
            text(format(figure(duplicates.get("count"))));
            out.append(" duplicate rows");
            if (duplicates.get("pct") != null) {
                out.append(" (");
                text(format(figure(duplicates.get("pct"))));
                out.append(" %)");
            }
            out.append(".</p>\n");
            List<Object> examples = list(duplicates.get("examples"));
            if (!examples.isEmpty()) {
                out.append("<h3>Examples</h3><div style=\"overflow:auto\"><table>");
                int width = list(examples.get(0)).size();
                if (columns.size() == width) {
                    out.append("<tr>");
                    for (Object c : columns) {
                        out.append("<th>");
                        text(map(c).get("name"));
                        out.append("</th>");
                    }
                    out.append("</tr>");
                }
                int shown = 0;
                for (Object e : examples) {
                    if (shown++ == 50) break;
                    out.append("<tr>");
                    for (Object v : list(e)) {
                        out.append("<td>");
                        text(v == null ? "NULL" : shorten(v instanceof Map<?, ?> || v instanceof List<?> ? compact(v)
                                : String.valueOf(v), 80));
                        out.append("</td>");
                    }
                    out.append("</tr>\n");
                }
                out.append("</table></div>\n");
            }
        }
        Map<String, Object> drift = map(quality.get("drift"));
        out.append("<h2 id=\"drift\">Schema drift</h2>\n");
        List<Object> changes = list(drift.get("changes"));
        if (drift.isEmpty()) {
            out.append("<p class=\"muted\">No earlier version to compare with.</p>\n");
        } else if (changes.isEmpty()) {
            out.append("<p class=\"muted\">The schema is the same as version ");
            text(drift.get("from_version"));
            out.append("'s.</p>\n");
        } else {
            out.append("<p>Changes since version ");
            text(drift.get("from_version"));
            out.append(Boolean.TRUE.equals(drift.get("breaking")) ? " (breaking)" : "").append(":</p>");
            out.append("<table><tr><th>Change</th><th>Column</th><th>Detail</th><th>Breaking</th></tr>\n");
            for (Object o : changes) {
                Map<String, Object> ch = map(o);
                out.append("<tr><td>");
                text(ch.get("kind"));
                out.append("</td><td>");
                text(ch.get("column"));
                out.append("</td><td>");
                text(ch.get("detail"));
                out.append("</td><td>");
                text(Boolean.TRUE.equals(ch.get("breaking")) ? "yes" : "no");
                out.append("</td></tr>\n");
            }
            out.append("</table>\n");
        }
        boolean header = false;
        for (Map.Entry<String, Object> e : quality.entrySet()) {
            if (QUALITY_KEYS_SHOWN.contains(e.getKey())) continue;
            if (!header) {
                out.append("<h3>More quality figures</h3><table class=\"kv\">");
                header = true;
            }
            kv(e.getKey().replace('_', ' '), compact(e.getValue()));
        }
        if (header) out.append("</table>\n");
    }

    private void profilers(List<Object> profilers, Map<String, Object> engine) {
        out.append("<h2 id=\"profilers\">Profilers</h2>\n<table><tr><th>Profiler</th><th>Bundle</th><th>Status</th>"
                + "<th class=\"n\">Metrics</th><th class=\"n\">Time (ms)</th></tr>\n");
        for (Object o : profilers) {
            Map<String, Object> p = map(o);
            out.append("<tr><td>");
            text(p.get("title"));
            out.append(" <span class=\"muted\">");
            text(p.get("name"));
            out.append("</span></td><td>");
            text(p.get("bundle"));
            out.append("</td><td>");
            badge(p.get("status"));
            out.append("</td><td class=\"n\">");
            text(format(p.get("metrics")));
            out.append("</td><td class=\"n\">");
            text(format(p.get("time_ms")));
            out.append("</td></tr>\n");
        }
        out.append("</table>\n<p class=\"muted\">Engine: ");
        text(format(engine.get("scans")) + " scans, " + format(engine.get("metrics")) + " metrics in "
                + format(engine.get("rounds")) + " rounds; accumulators saw " + format(engine.get("accumulator_rows"))
                + " rows" + (Boolean.TRUE.equals(engine.get("accumulator_sampled")) ? " (a sample)" : "") + ".");
        out.append("</p>\n");
    }

    private void failures(List<Object> failures) {
        out.append("<h2 id=\"failures\">Failures</h2>\n");
        if (failures.isEmpty()) {
            out.append("<p class=\"muted\">Every profiler made its section.</p>\n");
            return;
        }
        out.append("<table><tr><th>Profiler</th><th>Bundle</th><th>Stage</th><th>Reason</th></tr>\n");
        for (Object o : failures) {
            Map<String, Object> f = map(o);
            out.append("<tr><td>");
            text(f.get("profiler"));
            out.append("</td><td>");
            text(f.get("bundle"));
            out.append("</td><td>");
            text(f.get("stage"));
            out.append("</td><td>");
            text(f.get("reason"));
            out.append("</td></tr>\n");
        }
        out.append("</table>\n");
    }

    /** A section nobody here knows: key/value tables, nested a few levels, then compact JSON. */
    private void generic(Object value, int depth) {
        if (value instanceof Map<?, ?> m && depth < 3) {
            out.append("<table class=\"kv\">");
            int shown = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (shown++ == MAX_ROWS) break;
                out.append("<tr><td>");
                text(String.valueOf(e.getKey()).replace('_', ' '));
                out.append("</td><td>");
                generic(e.getValue(), depth + 1);
                out.append("</td></tr>");
            }
            out.append("</table>");
            if (depth == 0) out.append('\n');
        } else if (value instanceof Map<?, ?> m && m.containsKey("value") && m.containsKey("exact")) {
            figureCell(value, "");
        } else {
            text(compact(value));
        }
    }

    // --- values ---

    private void figureCell(Object figure, String unit) {
        if (figure == null) return;
        String mark = approxMark(figure);
        if (!mark.isEmpty()) {
            Object error = map(figure).get("error");
            out.append("<span class=\"approx\" title=\"approximate");
            if (error != null) attr(", relative error ≤ " + format(error));
            out.append("\">");
            text(mark + format(figure(figure)) + (figure(figure) == null ? "" : unit));
            out.append("</span>");
        } else {
            text(format(figure(figure)) + (figure(figure) == null ? "" : unit));
        }
    }

    /** @return {@code "≈ "} for an approximate figure */
    private static String approxMark(Object figure) {
        return figure instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("exact")) ? "≈ " : "";
    }

    /** @return a figure's value, or the value itself when it is not a figure */
    private static Object figure(Object value) {
        return value instanceof Map<?, ?> m && m.containsKey("value") ? m.get("value") : value;
    }

    private static String pct(Object value) {
        Object v = figure(value);
        return v == null ? null : format(v) + " %";
    }

    /** Numbers to at most 4 decimals (significant for small ones), integers grouped; everything else as text. */
    static String format(Object value) {
        Object v = figure(value);
        if (v == null) return "—";
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            return String.format(Locale.ROOT, "%,d", v instanceof BigInteger b ? b : ((Number) v).longValue());
        }
        if (v instanceof Number n) {
            if (n instanceof Double x && !Double.isFinite(x)) return String.valueOf(x);
            BigDecimal d = n instanceof BigDecimal b ? b : BigDecimal.valueOf(n.doubleValue());
            if (d.signum() == 0) return "0";
            BigDecimal abs = d.abs();
            boolean huge = abs.compareTo(BigDecimal.valueOf(1e15)) >= 0;
            if (!huge && d.stripTrailingZeros().scale() <= 0) {
                return String.format(Locale.ROOT, "%,d", d.longValue());
            }
            if (huge || abs.compareTo(BigDecimal.valueOf(1e-4)) < 0) {
                return String.format(Locale.ROOT, "%.4g", d.doubleValue());
            }
            BigDecimal rounded = abs.compareTo(BigDecimal.ONE) >= 0 ? d.setScale(4, RoundingMode.HALF_UP)
                    : d.round(new MathContext(4, RoundingMode.HALF_UP));
            return rounded.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) return compact(v);
        return String.valueOf(v);
    }

    private static String compact(Object value) {
        if (value == null) return null;
        if (value instanceof String s) return shorten(s, MAX_TEXT);
        if (value instanceof Number || value instanceof Boolean) return format(value);
        try {
            return shorten(JSON.writeValueAsString(value), MAX_TEXT);
        } catch (JsonProcessingException e) {
            return shorten(String.valueOf(value), MAX_TEXT);
        }
    }

    private void more(int total, String what) {
        if (total > MAX_ROWS) {
            out.append("<p class=\"muted\">… and ").append(total - MAX_ROWS).append(" more ").append(what)
                    .append(" (all of them are in profile.json).</p>\n");
        }
    }

    private void badge(Object status) {
        String s = status == null ? "" : String.valueOf(status);
        out.append("<span class=\"b ");
        attr(s.replaceAll("[^a-z]", ""));
        out.append("\">");
        text(s);
        out.append("</span>");
    }

    private static String seconds(Object millis) {
        return millis instanceof Number n ? String.format(Locale.ROOT, "%.1f s", n.doubleValue() / 1000) : "?";
    }

    private static String lower(Object value) {
        return value == null ? "" : String.valueOf(value).toLowerCase(Locale.ROOT);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String round1(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : Double.toString(tenths / 10.0);
    }

    private static double doubleOf(Object value) {
        Object v = figure(value);
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** Escaped text content. */
    private void text(Object value) {
        if (value == null) return;
        escape(String.valueOf(value));
    }

    /** Escaped attribute content (also escapes quotes). */
    private void attr(String value) {
        escape(value);
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        out.append(' ');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}

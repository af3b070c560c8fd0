package org.dataanalyst.profiling.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** profile.html from a generated profile of 500 columns: self-contained, escaped, and small. */
class ProfileHtmlTest {

    static final String EVIL = "<script>alert('x')</script>&\"";

    /** A profile in the documented shape: 500 columns with figures, histograms or top values, alerts, checks… */
    static Map<String, Object> profile(int columnCount) {
        List<Object> columns = new ArrayList<>();
        List<Object> alerts = new ArrayList<>();
        List<Object> checks = new ArrayList<>();
        for (int i = 0; i < columnCount; i++) {
            boolean numeric = i % 2 == 0;
            String name = i == 7 ? EVIL : "column_with_a_rather_long_name_" + i;
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("count", figure(1_000_000 - i, true));
            figures.put("missing", figure(i * 10, true));
            figures.put("missing_pct", figure(i * 0.001, true));
            figures.put("distinct", Map.of("value", 12345 + i, "exact", false, "error", 0.0163));
            figures.put("distinct_pct", figure(1.2345, false));
            figures.put("unique", figure(i, true));
            if (numeric) {
                for (String f : List.of("min", "max", "mean", "stddev", "variance", "skewness", "kurtosis", "sum", "p05",
                        "p25", "median", "p75", "p95", "zeros", "negatives", "infinite")) {
                    figures.put(f, figure(Math.PI * 1000 * (i + 1) / 7, !f.startsWith("p")));
                }
            } else {
                figures.put("min_length", figure(1, true));
                figures.put("max_length", figure(40, true));
                figures.put("mean_length", figure(17.25, true));
                figures.put("empty", figure(0, true));
                figures.put("whitespace", figure(3, true));
            }
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("name", name);
            column.put("type", numeric ? "DECIMAL(12,2)" : "VARCHAR");
            column.put("position", i);
            column.put("semantic_type", numeric ? "numeric" : "categorical");
            column.put("pattern", numeric ? null : "Aa9-" + EVIL);
            column.put("figures", figures);
            if (numeric) {
                List<Object> edges = new ArrayList<>();
                List<Object> counts = new ArrayList<>();
                for (int b = 0; b <= 20; b++) edges.add(b * 12.5);
                for (int b = 0; b < 20; b++) counts.add((long) (b * 137 % 1000));
                column.put("histogram", Map.of("kind", "bins", "edges", edges, "counts", counts));
                column.put("monotonic", "none");
            } else {
                List<Object> values = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    values.add(Map.of("value", k == 0 ? EVIL : "a fairly typical category value " + k, "count", 1000 - k * 50));
                }
                column.put("histogram", Map.of("kind", "top_k", "values", values, "other", 123));
                column.put("lengths", Map.of("min", figure(1, true), "mean", figure(17.25, true), "max", figure(40, true)));
            }
            if (i % 5 == 0) {
                column.put("date_range", Map.of("min", figure("2020-01-01", true), "max", figure("2024-12-31", true),
                        "granularity", "day"));
            }
            columns.add(column);
            alerts.add(alert(name, i));
            checks.add(check(name, i));
        }
        List<Object> examples = new ArrayList<>();
        for (int e = 0; e < 5; e++) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < columnCount; i++) row.add(i % 3 == 0 ? null : "value " + i + " " + EVIL);
            examples.add(row);
        }
        Map<String, Object> quality = new LinkedHashMap<>();
        quality.put("rows", figure(1_000_000, true));
        quality.put("columns", figure(columnCount, true));
        quality.put("missing_cells", figure(12345, true));
        quality.put("missing_cells_pct", figure(0.0025, true));
        quality.put("duplicate_rows", Map.of("count", figure(17, true), "pct", figure(0.0017, true), "examples", examples));
        quality.put("drift", Map.of("from_version", 1, "to_version", 2, "breaking", true, "changes", List.of(
                Map.of("kind", "removed", "column", EVIL, "breaking", true, "detail", "removed " + EVIL))));

        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("columns", Map.of("columns", columns));
        sections.put("quality", quality);
        sections.put("keys", Map.of("candidates", List.of(Map.of("columns", List.of("id"), "unique", true)), "note", EVIL));

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "data-analyst/profile");
        doc.put("format_version", 1);
        doc.put("run_id", "rabcdefghijkl");
        doc.put("generated_at", "2026-01-02T03:04:05Z");
        doc.put("duration_ms", 1234);
        doc.put("dataset", Map.of("id", "dabcdefghijkl", "name", EVIL, "version", 2, "version_id", "vabcdefghijkl",
                "rows", 1_000_000, "columns", columnCount));
        doc.put("profilers", List.of(Map.of("name", "columns", "title", "Columns", "bundle", "org.dataanalyst.profiler.columns/0.1.0",
                "status", "ok", "metrics", 9000, "time_ms", 120)));
        doc.put("sections", sections);
        doc.put("alerts", alerts);
        doc.put("checks", checks);
        doc.put("failures", List.of(Map.of("profiler", "broken", "bundle", "x.y/1.0.0", "stage", "scan", "reason", EVIL)));
        doc.put("engine", Map.of("scans", 2, "metrics", 9000, "rounds", 2));
        return doc;
    }

    static Map<String, Object> figure(Object value, boolean exact) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("value", value);
        f.put("exact", exact);
        return f;
    }

    static Map<String, Object> alert(String column, int i) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("profiler", "columns");
        a.put("kind", "high_missing");
        a.put("column", column);
        a.put("severity", i % 3 == 0 ? "warning" : "info");
        a.put("message", column + " has many missing values");
        return a;
    }

    static Map<String, Object> check(String column, int i) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("profiler", "quality");
        c.put("name", "missing_cells");
        c.put("column", column);
        c.put("status", i % 4 == 0 ? "warn" : "pass");
        c.put("observed", 0.3);
        c.put("threshold", "warn above 5 %");
        c.put("message", "ok");
        return c;
    }

    @Test
    void fiveHundredColumnsStayUnderFiveMegabytesWithoutExternalReferences() throws Exception {
        Map<String, Object> profile = profile(500);
        assertEquals(List.of(), ProfileFixture.schemaProblems(new ObjectMapper().valueToTree(profile(40))),
                "the generated profile has the documented shape");

        String html = ProfileHtml.render(profile);

        int bytes = html.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 5 * 1024 * 1024, "profile.html of 500 columns has " + bytes + " bytes");
        assertFalse(html.contains("http://") || html.contains("https://"), "no external reference");
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*\"(?!#)", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "only links inside the page");
        assertEquals(500, count(html, "<details class=\"col\""), "one collapsed section per column");
        assertFalse(html.contains("<details class=\"col\" open"), "column sections start collapsed");
        assertEquals(250, count(html, "aria-label=\"histogram\""));
        assertEquals(250, count(html, "aria-label=\"most frequent values\""));
    }

    @Test
    void escapesEveryTextFromTheDataAndThePlugins() {
        String html = ProfileHtml.render(profile(10));

        assertEquals(1, count(html, "<script>"), "only the page's own script");
        assertFalse(html.contains("alert('x')"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"));
        assertTrue(html.contains("≈ 12,345"), "an approximate figure is marked");
        assertTrue(html.contains("relative error ≤ 0.0163"));
        assertTrue(html.contains("Section keys"), "a section nobody here knows is shown generically");
        assertTrue(html.contains("Missing values per column"));
        assertTrue(html.contains("Schema drift"));
    }

    @Test
    void formatsNumbersForPeople() {
        assertEquals("1,234,567", ProfileHtml.format(1_234_567L));
        assertEquals("3.1416", ProfileHtml.format(Math.PI));
        assertEquals("0.0001235", ProfileHtml.format(0.00012345));
        assertEquals("1.235e-05", ProfileHtml.format(0.000012345));
        assertEquals("12", ProfileHtml.format(new java.math.BigDecimal("12.00")));
        assertEquals("—", ProfileHtml.format(null));
        assertEquals("12.5", ProfileHtml.format(Map.of("value", 12.5, "exact", true)));
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}

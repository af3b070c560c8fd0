package org.dataanalyst.profiler.quality.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options of the quality profiler ({@code params.profilers.quality}), with their defaults. */
record QualityOptions(double missingCellsWarnPct, double missingCellsFailPct, double duplicateRowsWarnPct,
                      double duplicateRowsFailPct, int duplicateExamples) {

    private record Spec(String key, String type, Number dflt, Number min, Number max, String description) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("missing_cells_warn_pct", "number", 5.0, 0, 100,
                    "Check missing_cells warns when more than this percentage of all cells is missing."),
            new Spec("missing_cells_fail_pct", "number", 20.0, 0, 100,
                    "Check missing_cells fails when more than this percentage of all cells is missing."),
            new Spec("duplicate_rows_warn_pct", "number", 0.0, 0, 100,
                    "Check duplicate_rows warns when more than this percentage of the rows repeat an earlier row."),
            new Spec("duplicate_rows_fail_pct", "number", 5.0, 0, 100,
                    "Check duplicate_rows fails when more than this percentage of the rows repeat an earlier row."),
            new Spec("duplicate_examples", "integer", 5, 0, 20,
                    "How many duplicated rows to show (most repeated first); 0 runs no example query."));

    /**
     * @throws IllegalArgumentException naming the option when a value is unknown, of the wrong type or out of range
     */
    static QualityOptions from(Map<String, Object> options) {
        Map<String, Object> in = options == null ? Map.of() : options;
        for (String key : in.keySet()) {
            if (SPECS.stream().noneMatch(s -> s.key().equals(key))) {
                throw new IllegalArgumentException("Unknown option '" + key + "' of the quality profiler; known: "
                        + String.join(", ", SPECS.stream().map(Spec::key).toList()));
            }
        }
        QualityOptions o = new QualityOptions(number(in, "missing_cells_warn_pct"), number(in, "missing_cells_fail_pct"),
                number(in, "duplicate_rows_warn_pct"), number(in, "duplicate_rows_fail_pct"),
                (int) number(in, "duplicate_examples"));
        if (o.missingCellsWarnPct() > o.missingCellsFailPct()) {
            throw new IllegalArgumentException(
                    "Option 'missing_cells_warn_pct' of the quality profiler must not exceed 'missing_cells_fail_pct'");
        }
        if (o.duplicateRowsWarnPct() > o.duplicateRowsFailPct()) {
            throw new IllegalArgumentException(
                    "Option 'duplicate_rows_warn_pct' of the quality profiler must not exceed 'duplicate_rows_fail_pct'");
        }
        return o;
    }

    /** @return the JSON Schema of the options */
    static Map<String, Object> schema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Spec s : SPECS) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", s.type());
            p.put("default", s.dflt());
            p.put("minimum", s.min());
            p.put("maximum", s.max());
            p.put("description", s.description());
            properties.put(s.key(), Collections.unmodifiableMap(p));
        }
        return Map.of("type", "object", "additionalProperties", false, "properties",
                Collections.unmodifiableMap(properties));
    }

    private static double number(Map<String, Object> in, String key) {
        Spec s = SPECS.stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
        Object v = in.get(key) == null ? s.dflt() : in.get(key);
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())
                || (s.type().equals("integer") && n.doubleValue() != Math.rint(n.doubleValue()))) {
            throw new IllegalArgumentException("Option '" + key + "' of the quality profiler must be "
                    + (s.type().equals("integer") ? "an integer" : "a number") + ", not " + v);
        }
        double d = n.doubleValue();
        if (d < s.min().doubleValue() || d > s.max().doubleValue()) {
            throw new IllegalArgumentException("Option '" + key + "' of the quality profiler must be between "
                    + s.min() + " and " + s.max() + ", not " + v);
        }
        return d;
    }
}

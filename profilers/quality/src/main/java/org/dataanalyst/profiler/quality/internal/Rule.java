package org.dataanalyst.profiler.quality.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.Schema;
import org.dataanalyst.spi.profiler.Profilers;
import org.dataanalyst.spi.profiler.Section.Status;

/**
 * One declared rule check (docs/profilers.md has the JSON shape), validated against the version's schema
 * and compiled to a metric that counts the violating rows. A rule that cannot be evaluated (unknown type
 * or column, bad bounds or pattern) is not compiled: it becomes a failed check saying why, so a broken rule
 * never breaks the metrics of the others.
 *
 * @param index     its position in the declared list (0-based)
 * @param type      not_null, unique, range, regex, allowed_values, row_count
 * @param column    the column, {@code null} for row_count
 * @param name      the check's name: {@code rule:<type>} or {@code rule:<name>} when the rule names itself
 * @param severity  the status of a violated rule: FAIL (default) or WARN
 * @param sql       the aggregate counting violating rows; {@code null} for row_count and invalid rules
 * @param validity  for bounds cast to the column's type: an expression that is true when every cast
 *                  succeeded, else {@code null}
 * @param min       row_count's lower bound, or {@code null}
 * @param max       row_count's upper bound, or {@code null}
 * @param describe  the rule in words, for messages
 * @param error     why the rule cannot be evaluated, or {@code null}
 */
record Rule(int index, String type, String column, String name, Status severity, String sql, String validity,
            Long min, Long max, String describe, String error) {

    static final List<String> TYPES = List.of("not_null", "unique", "range", "regex", "allowed_values", "row_count");
    private static final Set<String> COMMON = Set.of("type", "column", "name", "severity");

    /** RE2 (DuckDB's regular expressions) lacks these Java constructs: refuse them instead of failing the scan. */
    private static final Pattern NOT_RE2 = Pattern.compile("\\(\\?<?[=!]|\\(\\?>|\\\\[1-9]|\\\\[GZ]|[*+?}]\\+|\\\\k<");

    /** @return the rules, each compiled or carrying the reason it cannot be */
    static List<Rule> parse(List<Map<String, Object>> rules, Schema schema) {
        List<Rule> out = new ArrayList<>();
        if (rules == null) {
            return out;
        }
        for (int i = 0; i < rules.size(); i++) {
            out.add(parse(i, rules.get(i), schema));
        }
        return out;
    }

    private static Rule parse(int index, Map<String, Object> r, Schema schema) {
        Object t = r == null ? null : r.get("type");
        String type = t instanceof String s ? s : null;
        String label = "rule " + (index + 1) + (type == null ? "" : " (" + type + ")");
        String name = "rule:" + (r != null && r.get("name") instanceof String n && !n.isBlank() ? n : type == null ? "invalid" : type);
        Object c = r == null ? null : r.get("column");
        String column = c instanceof String s ? s : null;
        try {
            return compile(index, r, schema, type, name, column);
        } catch (IllegalArgumentException e) {
            return new Rule(index, type == null ? "invalid" : type, column, name, Status.FAIL, null, null, null, null,
                    label, label + " cannot be checked: " + e.getMessage() + ".");
        }
    }

    /** @return why a declared rule cannot be checked against a version with {@code schema}, or {@code null} when it can */
    static String problem(Map<String, Object> rule, Schema schema) {
        Object t = rule == null ? null : rule.get("type");
        Object c = rule == null ? null : rule.get("column");
        try {
            compile(0, rule, schema, t instanceof String s ? s : null, "rule", c instanceof String s ? s : null);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** @throws IllegalArgumentException saying why the rule cannot be checked */
    private static Rule compile(int index, Map<String, Object> r, Schema schema, String type, String name, String column) {
        if (r == null || type == null || !TYPES.contains(type)) {
            throw new IllegalArgumentException("'type' must be one of " + String.join(", ", TYPES));
        }
        Status severity = severity(r.get("severity"));
        Set<String> allowed = switch (type) {
            case "range" -> Set.of("min", "max");
            case "regex" -> Set.of("pattern");
            case "allowed_values" -> Set.of("values");
            case "row_count" -> Set.of("min", "max");
            default -> Set.of();
        };
        for (String key : r.keySet()) {
            if (!COMMON.contains(key) && !allowed.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "'");
            }
        }
        if (type.equals("row_count")) {
            if (column != null) {
                throw new IllegalArgumentException("row_count takes no column");
            }
            Long min = whole(r.get("min"), "min");
            Long max = whole(r.get("max"), "max");
            if (min == null && max == null) {
                throw new IllegalArgumentException("give 'min', 'max' or both");
            }
            if (min != null && max != null && min > max) {
                throw new IllegalArgumentException("'min' is greater than 'max'");
            }
            return new Rule(index, type, null, name, severity, null, null, min, max,
                    "row count " + bounds(min, max), null);
        }
        if (column == null) {
            throw new IllegalArgumentException("'column' is required");
        }
        Column col = schema.columns().stream().filter(x -> x.name().equals(column)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("this version has no column '" + column + "'"));
        String q = Profilers.quote(column);
        String colType = col.type();
        switch (type) {
            case "not_null":
                return compiled(index, type, column, name, severity, "count(*) - count(" + q + ")", null,
                        "'" + column + "' is never missing");
            case "unique":
                return compiled(index, type, column, name, severity, "count(" + q + ") - count(DISTINCT "
                        + (Types.nested(colType) ? q + "::VARCHAR" : q) + ")", null,
                        "values of '" + column + "' are unique");
            case "range": {
                Object min = r.get("min");
                Object max = r.get("max");
                if (min == null && max == null) {
                    throw new IllegalArgumentException("give 'min', 'max' or both");
                }
                List<String> parts = new ArrayList<>();
                List<String> checks = new ArrayList<>();
                if (min != null) {
                    parts.add(q + " < " + bound(min, "min", colType, checks));
                }
                if (max != null) {
                    parts.add(q + " > " + bound(max, "max", colType, checks));
                }
                return compiled(index, type, column, name, severity, countIf(String.join(" OR ", parts)),
                        checks.isEmpty() ? null : String.join(" AND ", checks),
                        "'" + column + "' is " + bounds(min, max));
            }
            case "regex": {
                if (!(r.get("pattern") instanceof String p) || p.isEmpty()) {
                    throw new IllegalArgumentException("'pattern' must be a non-empty string");
                }
                try {
                    Pattern.compile(p);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("'pattern' is not a regular expression: " + e.getDescription());
                }
                if (NOT_RE2.matcher(p).find()) {
                    throw new IllegalArgumentException("'pattern' uses look-around, back-references, atomic groups "
                            + "or possessive quantifiers, which the engine's RE2 syntax does not have");
                }
                return compiled(index, type, column, name, severity,
                        countIf("NOT regexp_full_match(" + q + "::VARCHAR, " + Profilers.literal(p) + ")"), null,
                        "every value of '" + column + "' matches /" + p + "/");
            }
            case "allowed_values": {
                if (!(r.get("values") instanceof List<?> values) || values.isEmpty()) {
                    throw new IllegalArgumentException("'values' must be a non-empty list");
                }
                List<String> literals = new ArrayList<>();
                boolean numeric = Types.numeric(colType);
                for (Object v : values) {
                    if (numeric) {
                        literals.add(number(v, "values").toPlainString());
                    } else if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                        literals.add(Profilers.literal(v instanceof Number n ? number(n, "values").toPlainString() : v.toString()));
                    } else {
                        throw new IllegalArgumentException("'values' must hold strings, numbers or booleans");
                    }
                }
                String x = numeric ? q : q + "::VARCHAR";
                return compiled(index, type, column, name, severity,
                        countIf(x + " NOT IN (" + String.join(", ", literals) + ")"), null,
                        "'" + column + "' is one of " + values);
            }
            default:
                throw new IllegalStateException(type);
        }
    }

    private static Rule compiled(int index, String type, String column, String name, Status severity, String sql,
                                 String validity, String describe) {
        return new Rule(index, type, column, name, severity, sql, validity, null, null, describe, null);
    }

    /** The number of rows where a condition holds ({@code sum(cond::BIGINT)}; NULL counts as false). */
    static String countIf(String condition) {
        return "sum((" + condition + ")::BIGINT)";
    }

    private static Status severity(Object s) {
        if (s == null) {
            return Status.FAIL;
        }
        if (s instanceof String text) {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "fail":
                    return Status.FAIL;
                case "warn":
                    return Status.WARN;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("'severity' must be \"fail\" or \"warn\"");
    }

    /** A bound as SQL: a number for numeric columns, text as it is for text, else cast to the column's type. */
    private static String bound(Object v, String key, String colType, List<String> checks) {
        if (Types.numeric(colType)) {
            return number(v, key).toPlainString();
        }
        if (!(v instanceof String) && !(v instanceof Number)) {
            throw new IllegalArgumentException("'" + key + "' must be a number or a string");
        }
        String text = v instanceof Number n ? number(n, key).toPlainString() : (String) v;
        if (Types.text(colType)) {
            return Profilers.literal(text);
        }
        if (!Types.comparable(colType)) {
            throw new IllegalArgumentException("a range needs a numeric, text or date/time column, not " + colType);
        }
        String cast = "TRY_CAST(" + Profilers.literal(text) + " AS " + colType + ")";
        checks.add("bool_and(" + cast + " IS NOT NULL)");
        return cast;
    }

    private static BigDecimal number(Object v, String key) {
        if (v instanceof Number n && !(v instanceof Double d && !Double.isFinite(d))) {
            return new BigDecimal(n.toString());
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new IllegalArgumentException("'" + key + "' must be a number, not " + v);
    }

    private static Long whole(Object v, String key) {
        if (v == null) {
            return null;
        }
        BigDecimal d = number(v, key);
        try {
            return d.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + key + "' must be a whole number, not " + v);
        }
    }

    private static String bounds(Object min, Object max) {
        return min != null && max != null ? "between " + min + " and " + max
                : min != null ? "at least " + min : "at most " + max;
    }
}

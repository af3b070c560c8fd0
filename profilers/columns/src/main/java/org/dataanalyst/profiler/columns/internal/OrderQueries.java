package org.dataanalyst.profiler.columns.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.spi.profiler.MetricValues;
import org.dataanalyst.spi.profiler.ProfileInput;

/**
 * Monotonicity in SQL, for versions too large for the {@link MonotonicityAccumulator}'s row feed: exact at any
 * size, over the rows in file order ({@value ProfileInput#DATA_IN_FILE_ORDER}). Same result shape and meaning
 * as the accumulator (NULLs and NaN skipped; a column with fewer than two distinct values is {@code none}).
 *
 * <p>A column can only be increasing when its first non-null value in file order is its minimum and its last
 * is its maximum (decreasing: the other way round), which most columns are not; only for those that can be, a
 * window ({@code lag} over {@code __row}) compares every value with the previous one — a sort of the rows,
 * about 1 s per 10M rows on two threads. The minimum and maximum come from round 0 (queried only for float
 * columns with NaN or infinities, where round 0's include them). The first and last values are read from the
 * first and last {@value #ENDS_ROWS} rows ({@code WHERE __row < n}: the engine skips the Parquet row groups
 * in between), and from every row only for a column that is NULL throughout those: at 10M rows that is 0.05 s
 * against 1.4 s for one scan of the whole file.
 */
final class OrderQueries {

    /** Rows at each end of the file where the first and last values are looked for first. */
    static final long ENDS_ROWS = 10_000;

    private OrderQueries() {
    }

    /**
     * @param targets the numeric and date/time columns
     * @param values  the values of the rounds (min, max, nonfinite)
     * @param rows    the version's rows
     * @param query   runs a read-only query ({@code ProfileInput.query})
     * @return by column: {@code {"order": "increasing"|"decreasing"|"none", "strict": bool}}
     */
    static Map<String, Object> monotonicity(List<ColumnsPlanner.Target> targets, MetricValues values, long rows,
                                            Function<String, QueryResult> query) {
        return monotonicity(targets, values, rows, query, ENDS_ROWS);
    }

    static Map<String, Object> monotonicity(List<ColumnsPlanner.Target> targets, MetricValues values, long rows,
                                            Function<String, QueryResult> query, long endsRows) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> min = new HashMap<>();
        Map<String, Object> max = new HashMap<>();
        List<ColumnsPlanner.Target> unknown = new ArrayList<>();
        for (ColumnsPlanner.Target t : targets) {
            out.put(t.name(), result("none", false));
            boolean nonfinite = floating(t) && Figures.count(values.get(t.name(), "nonfinite")) > 0;
            if (nonfinite || !values.has(t.name(), "min") || !values.has(t.name(), "max")) {
                unknown.add(t);
            } else {
                min.put(t.name(), values.get(t.name(), "min"));
                max.put(t.name(), values.get(t.name(), "max"));
            }
        }
        if (!unknown.isEmpty()) {
            List<Object> row = aggregate(unknown, List.of("min", "max"), "", query);
            for (int i = 0; i < unknown.size(); i++) {
                min.put(unknown.get(i).name(), row.get(2 * i));
                max.put(unknown.get(i).name(), row.get(2 * i + 1));
            }
        }
        // at least two distinct values
        List<ColumnsPlanner.Target> varying = targets.stream()
                .filter(t -> min.get(t.name()) != null && !Objects.equals(min.get(t.name()), max.get(t.name()))).toList();
        if (varying.isEmpty()) {
            return out;
        }
        Map<String, Object> first = ends(varying, "arg_min", ProfileInput.ROW + " < " + endsRows, query);
        Map<String, Object> last = ends(varying, "arg_max", ProfileInput.ROW + " >= " + (rows - endsRows), query);
        for (ColumnsPlanner.Target t : varying) {
            Object lo = min.get(t.name());
            Object hi = max.get(t.name());
            Object a = first.get(t.name());
            Object b = last.get(t.name());
            String direction = null;
            if (Objects.equals(a, lo) && Objects.equals(b, hi)) direction = "increasing";
            else if (Objects.equals(a, hi) && Objects.equals(b, lo)) direction = "decreasing";
            if (direction == null) continue;
            boolean increasing = direction.equals("increasing");
            String op = increasing ? ">" : "<";
            List<Object> row = query.apply("SELECT bool_and(x " + op + "= previous), bool_and(x " + op + " previous) FROM (SELECT "
                    + t.q() + " AS x, lag(" + t.q() + ") OVER (ORDER BY " + ProfileInput.ROW + ") AS previous FROM "
                    + ProfileInput.DATA_IN_FILE_ORDER + " WHERE " + valued(t) + ")").rows().get(0);
            if (Boolean.TRUE.equals(row.get(0))) {
                out.put(t.name(), result(direction, Boolean.TRUE.equals(row.get(1))));
            }
        }
        return out;
    }

    /**
     * @return by column, its first ({@code arg_min}) or last ({@code arg_max}) non-null value in file order: read
     *         where {@code range} holds, and over every row for the columns that are NULL throughout that range
     */
    private static Map<String, Object> ends(List<ColumnsPlanner.Target> targets, String aggregate, String range,
                                            Function<String, QueryResult> query) {
        Map<String, Object> out = new HashMap<>();
        List<Object> row = aggregate(targets, List.of(aggregate), " WHERE " + range, query);
        List<ColumnsPlanner.Target> missing = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            if (row.get(i) == null) missing.add(targets.get(i));
            else out.put(targets.get(i).name(), row.get(i));
        }
        if (!missing.isEmpty()) {
            List<Object> all = aggregate(missing, List.of(aggregate), "", query);
            for (int i = 0; i < missing.size(); i++) out.put(missing.get(i).name(), all.get(i));
        }
        return out;
    }

    /**
     * One row: for each column, each of {@code aggregates} ({@code min}, {@code max}, {@code arg_min},
     * {@code arg_max} — the last two by {@code __row}) of its value, over {@value ProfileInput#DATA_IN_FILE_ORDER}.
     * No {@code FILTER} clauses: aggregates skip NULLs ({@code arg_min} and {@code arg_max} too), and NaN is made
     * NULL — with a filter per aggregate the scan costs four times as much.
     */
    private static List<Object> aggregate(List<ColumnsPlanner.Target> targets, List<String> aggregates, String where,
                                          Function<String, QueryResult> query) {
        StringBuilder sql = new StringBuilder("SELECT ");
        boolean comma = false;
        for (ColumnsPlanner.Target t : targets) {
            for (String a : aggregates) {
                sql.append(comma ? ", " : "").append(a).append('(').append(value(t));
                if (a.startsWith("arg_")) sql.append(", ").append(ProfileInput.ROW);
                sql.append(')');
                comma = true;
            }
        }
        sql.append(" FROM ").append(ProfileInput.DATA_IN_FILE_ORDER).append(where);
        return query.apply(sql.toString()).rows().get(0);
    }

    /** The column's value, NULL where it does not count: NaN (which DuckDB orders above every number). */
    private static String value(ColumnsPlanner.Target t) {
        return floating(t) ? "nullif(" + t.q() + ", 'NaN'::" + t.type() + ")" : t.q();
    }

    /** The rows whose value counts: not NULL, and for floating point not NaN (as the accumulator skips them). */
    private static String valued(ColumnsPlanner.Target t) {
        return t.q() + " IS NOT NULL" + (floating(t) ? " AND NOT isnan(" + t.q() + ")" : "");
    }

    private static boolean floating(ColumnsPlanner.Target t) {
        String type = t.type().toUpperCase(Locale.ROOT);
        return type.equals("DOUBLE") || type.equals("FLOAT") || type.equals("REAL") || type.equals("FLOAT4")
                || type.equals("FLOAT8");
    }

    private static Map<String, Object> result(String order, boolean strict) {
        return Map.of("order", order, "strict", strict);
    }
}

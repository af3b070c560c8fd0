package org.dataanalyst.profiler.columns.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.spi.profiler.ProfileInput;

/**
 * Monotonicity in SQL, for versions too large for the {@link MonotonicityAccumulator}'s row feed: exact at any
 * size, over the rows in file order ({@value ProfileInput#DATA_IN_FILE_ORDER}). Same result shape and meaning
 * as the accumulator (NULLs and NaN skipped; a column with fewer than two distinct values is {@code none}).
 *
 * <p>Two steps keep it cheap. One aggregate scan finds each column's first and last non-null value in file
 * order and its minimum and maximum: a column can only be increasing when it starts at its minimum and ends at
 * its maximum (decreasing: the other way round), which most columns are not. Only for those that can be, a
 * window ({@code lag} over {@code __row}) compares every value with the previous one — a sort of the rows,
 * about 1 s per 10M rows on two threads.
 */
final class OrderQueries {

    private OrderQueries() {
    }

    /**
     * @param targets the numeric and date/time columns
     * @param query   runs a read-only query ({@code ProfileInput.query})
     * @return by column: {@code {"order": "increasing"|"decreasing"|"none", "strict": bool}}
     */
    static Map<String, Object> monotonicity(List<ColumnsPlanner.Target> targets, Function<String, QueryResult> query) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (targets.isEmpty()) {
            return out;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < targets.size(); i++) {
            String v = value(targets.get(i));
            sql.append(i == 0 ? "" : ", ")
                    .append("arg_min(").append(v).append(", ").append(ProfileInput.ROW).append(')')
                    .append(", arg_max(").append(v).append(", ").append(ProfileInput.ROW).append(')')
                    .append(", min(").append(v).append(')')
                    .append(", max(").append(v).append(')');
        }
        sql.append(" FROM ").append(ProfileInput.DATA_IN_FILE_ORDER);
        List<Object> ends = query.apply(sql.toString()).rows().get(0);
        List<ColumnsPlanner.Target> candidates = new ArrayList<>();
        List<String> directions = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Object first = ends.get(4 * i);
            Object last = ends.get(4 * i + 1);
            Object min = ends.get(4 * i + 2);
            Object max = ends.get(4 * i + 3);
            String direction = null;
            if (min != null && !Objects.equals(min, max)) {
                if (Objects.equals(first, min) && Objects.equals(last, max)) direction = "increasing";
                else if (Objects.equals(first, max) && Objects.equals(last, min)) direction = "decreasing";
            }
            out.put(targets.get(i).name(), result("none", false));
            if (direction != null) {
                candidates.add(targets.get(i));
                directions.add(direction);
            }
        }
        for (int i = 0; i < candidates.size(); i++) {
            ColumnsPlanner.Target t = candidates.get(i);
            boolean increasing = directions.get(i).equals("increasing");
            String op = increasing ? ">" : "<";
            List<Object> row = query.apply("SELECT bool_and(x " + op + "= previous), bool_and(x " + op + " previous) FROM (SELECT "
                    + t.q() + " AS x, lag(" + t.q() + ") OVER (ORDER BY " + ProfileInput.ROW + ") AS previous FROM "
                    + ProfileInput.DATA_IN_FILE_ORDER + " WHERE " + valued(t) + ")").rows().get(0);
            if (Boolean.TRUE.equals(row.get(0))) {
                out.put(t.name(), result(directions.get(i), Boolean.TRUE.equals(row.get(1))));
            }
        }
        return out;
    }

    /**
     * The column's value, NULL where it does not count: aggregates skip NULLs ({@code arg_min} and
     * {@code arg_max} too), so no {@code FILTER} is needed — with one, the scan costs four times as much. NaN
     * becomes NULL (the accumulator skips it; DuckDB orders it above every number, so it would be the maximum).
     */
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

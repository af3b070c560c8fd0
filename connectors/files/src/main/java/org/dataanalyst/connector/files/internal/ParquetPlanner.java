package org.dataanalyst.connector.files.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.engine.QueryResult;

/**
 * Plans the read of one Parquet file: reads its footer through the engine ({@code parquet_schema},
 * {@code parquet_file_metadata}) — which refuses a corrupt file before anything is staged — finds the
 * top-level {@code REQUIRED} fields, and writes the {@code read_parquet(…)} scan. Nested types (LIST,
 * STRUCT, MAP) come through as the engine's nested types.
 */
public final class ParquetPlanner {

    /**
     * The planned read.
     *
     * @param scan     the {@code read_parquet(…)} expression
     * @param columns  the columns it yields; nullable unless the file declares them REQUIRED
     * @param notNull  the top-level columns the file declares REQUIRED
     * @param metadata facts from the footer for the source metadata (writer, rows, row groups)
     */
    public record ParquetPlan(String scan, List<Column> columns, Set<String> notNull, Map<String, Object> metadata) {
        public ParquetPlan {
            columns = List.copyOf(columns);
            notNull = Set.copyOf(notNull);
            metadata = Map.copyOf(metadata);
        }
    }

    private final SqlRunner sql;

    /** @param sql runs queries in the session that will scan the file */
    public ParquetPlanner(SqlRunner sql) {
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    /**
     * @param file the file, readable by the session
     * @return the plan
     * @throws SourceFailure "x.parquet is not a readable Parquet file: reason", or "x.parquet is empty"
     */
    public ParquetPlan plan(Path file) throws Exception {
        String name = file.getFileName().toString();
        if (FileProbe.inspect(file).size() == 0) {
            throw new SourceFailure(name + " is empty");
        }
        String path = Sql.literal(file);
        QueryResult schema;
        QueryResult described;
        QueryResult meta;
        try {
            schema = sql.query("SELECT name, repetition_type, num_children FROM parquet_schema(" + path + ")");
            meta = sql.query("SELECT created_by, num_rows, num_row_groups FROM parquet_file_metadata(" + path + ")");
            described = sql.query("DESCRIBE SELECT * FROM read_parquet(" + path + ")");
        } catch (Exception e) {
            throw new SourceFailure(EngineErrors.parquet(name, e.getMessage()), e);
        }
        Set<String> required = requiredTopLevel(schema.rows());
        List<Column> columns = new ArrayList<>();
        for (List<Object> row : described.rows()) {
            String column = (String) row.get(0);
            columns.add(new Column(column, (String) row.get(1), !required.contains(column)));
        }
        Set<String> notNull = new LinkedHashSet<>();
        columns.stream().filter(c -> !c.nullable()).forEach(c -> notNull.add(c.name()));
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (!meta.rows().isEmpty()) {
            List<Object> m = meta.rows().get(0);
            if (m.get(0) != null) {
                metadata.put("created_by", m.get(0));
            }
            if (m.get(1) != null) {
                metadata.put("num_rows", ((Number) m.get(1)).longValue());
            }
            if (m.get(2) != null) {
                metadata.put("num_row_groups", ((Number) m.get(2)).longValue());
            }
        }
        return new ParquetPlan("read_parquet(" + path + ")", columns, notNull, metadata);
    }

    /**
     * The schema is the footer's flattened tree in depth-first order: the root (with the number of top-level
     * fields as children), then each field followed by its own subtree.
     */
    static Set<String> requiredTopLevel(List<List<Object>> rows) {
        Set<String> required = new LinkedHashSet<>();
        if (rows.isEmpty()) {
            return required;
        }
        int topLevel = children(rows.get(0));
        int i = 1;
        for (int k = 0; k < topLevel && i < rows.size(); k++) {
            List<Object> field = rows.get(i);
            if ("REQUIRED".equals(field.get(1))) {
                required.add((String) field.get(0));
            }
            i = skip(rows, i);
        }
        return required;
    }

    /** @return the index after the subtree starting at {@code i} */
    private static int skip(List<List<Object>> rows, int i) {
        int n = children(rows.get(i));
        int j = i + 1;
        for (int k = 0; k < n && j < rows.size(); k++) {
            j = skip(rows, j);
        }
        return j;
    }

    private static int children(List<Object> row) {
        return row.get(2) == null ? 0 : ((Number) row.get(2)).intValue();
    }
}

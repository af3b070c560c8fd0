package org.dataanalyst.profiler.quality.internal;

import java.util.Locale;
import java.util.Set;

/** What the rules need to know about a DuckDB type name. */
final class Types {
    private Types() {
    }

    private static final Set<String> NUMERIC = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
            "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL");
    private static final Set<String> COMPARABLE = Set.of("DATE", "TIME", "TIME_NS", "TIMESTAMP", "TIMESTAMP_S",
            "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ", "TIMESTAMPTZ_NS",
            "TIME WITH TIME ZONE", "INTERVAL", "UUID", "BOOLEAN");

    private static String norm(String type) {
        return type.strip().toUpperCase(Locale.ROOT);
    }

    static boolean numeric(String type) {
        String t = norm(type);
        return NUMERIC.contains(t) || t.startsWith("DECIMAL") || t.startsWith("NUMERIC");
    }

    static boolean text(String type) {
        String t = norm(type);
        return t.startsWith("VARCHAR") || t.equals("JSON") || t.startsWith("ENUM(");
    }

    static boolean comparable(String type) {
        return COMPARABLE.contains(norm(type));
    }

    static boolean nested(String type) {
        String t = norm(type);
        return t.endsWith("]") || t.startsWith("STRUCT(") || t.startsWith("MAP(") || t.startsWith("UNION(");
    }
}

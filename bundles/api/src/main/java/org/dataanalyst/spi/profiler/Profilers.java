package org.dataanalyst.spi.profiler;

/** Small helpers for writing metric SQL. */
public final class Profilers {
    private Profilers() {
    }

    /** @return the column name as a quoted SQL identifier ({@code "a""b"} for {@code a"b}) */
    public static String quote(String column) {
        return "\"" + column.replace("\"", "\"\"") + "\"";
    }

    /** @return text as an SQL string literal */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}

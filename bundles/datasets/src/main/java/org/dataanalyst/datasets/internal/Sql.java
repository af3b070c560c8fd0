package org.dataanalyst.datasets.internal;

/** SQL text the platform builds itself. */
final class Sql {
    private Sql() {
    }

    /** @return an SQL string literal */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}

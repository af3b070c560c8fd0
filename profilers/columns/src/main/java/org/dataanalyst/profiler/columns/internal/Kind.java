package org.dataanalyst.profiler.columns.internal;

import java.util.Locale;

/** What the column profiler does with a DuckDB type: which figures apply. */
enum Kind {
    /** TINYINT … BIGINT, UTINYINT … UBIGINT */
    INTEGER,
    /** HUGEINT, UHUGEINT: like INTEGER, but sums and quantiles go through DOUBLE */
    HUGE_INTEGER,
    /** DECIMAL(p,s) */
    DECIMAL,
    /** FLOAT, DOUBLE: may hold NaN and ±Infinity */
    FLOAT,
    BOOLEAN,
    /** VARCHAR (and JSON, which DuckDB stores as text) */
    STRING,
    ENUM,
    DATE,
    /** TIMESTAMP, TIMESTAMP_S/_MS/_NS */
    TIMESTAMP,
    /** TIMESTAMP WITH TIME ZONE (and TIMESTAMPTZ_NS) */
    TIMESTAMP_TZ,
    /** TIME, TIME_NS */
    TIME,
    /** TIME WITH TIME ZONE: min/max only */
    TIME_TZ,
    UUID,
    BLOB,
    INTERVAL,
    /** LIST and ARRAY ({@code T[]}, {@code T[n]}) */
    LIST,
    MAP,
    /** STRUCT, UNION */
    STRUCT,
    /** the type of a column that only ever held NULL */
    NULL,
    /** BIT, BIGNUM/VARINT and whatever a newer engine adds: count, missing and distinct only */
    OTHER;

    /** @return the kind of a DuckDB type name as {@code DESCRIBE} prints it */
    static Kind of(String type) {
        String t = type.strip().toUpperCase(Locale.ROOT);
        if (t.endsWith("]")) {
            return LIST;
        }
        if (t.startsWith("MAP(")) {
            return MAP;
        }
        if (t.startsWith("STRUCT(") || t.startsWith("UNION(")) {
            return STRUCT;
        }
        if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) {
            return DECIMAL;
        }
        if (t.startsWith("ENUM(")) {
            return ENUM;
        }
        if (t.startsWith("VARCHAR") || t.startsWith("CHAR") || t.startsWith("BPCHAR") || t.startsWith("TEXT")
                || t.startsWith("STRING")) {
            return STRING; // VARCHAR COLLATE …, VARCHAR(20)
        }
        return switch (t) {
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
                    "INT", "INT1", "INT2", "INT4", "INT8", "SHORT", "LONG", "SIGNED" -> INTEGER;
            case "HUGEINT", "UHUGEINT", "INT128", "UINT128" -> HUGE_INTEGER;
            case "FLOAT", "REAL", "FLOAT4", "DOUBLE", "FLOAT8" -> FLOAT;
            case "BOOLEAN", "BOOL", "LOGICAL" -> BOOLEAN;
            case "JSON" -> STRING;
            case "DATE" -> DATE;
            case "TIMESTAMP", "DATETIME", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP_US" -> TIMESTAMP;
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ", "TIMESTAMPTZ_NS", "TIMESTAMP_NS WITH TIME ZONE" -> TIMESTAMP_TZ;
            case "TIME", "TIME_NS" -> TIME;
            case "TIME WITH TIME ZONE", "TIMETZ" -> TIME_TZ;
            case "UUID" -> UUID;
            case "BLOB", "BYTEA", "BINARY", "VARBINARY" -> BLOB;
            case "INTERVAL" -> INTERVAL;
            case "NULL", "\"NULL\"" -> NULL;
            default -> OTHER;
        };
    }

    /** @return whether the numeric figures (mean, std, quantiles…) apply */
    boolean numeric() {
        return this == INTEGER || this == HUGE_INTEGER || this == DECIMAL || this == FLOAT;
    }

    /** @return whether it is a point in time with a calendar (date range, granularity) */
    boolean temporal() {
        return this == DATE || this == TIMESTAMP || this == TIMESTAMP_TZ;
    }

    /** @return whether min and max are meaningful and cheap */
    boolean ordered() {
        return numeric() || temporal() || this == STRING || this == ENUM || this == TIME || this == TIME_TZ
                || this == UUID || this == INTERVAL || this == BOOLEAN;
    }

    /** @return whether values are nested (lists, maps, structs) */
    boolean nested() {
        return this == LIST || this == MAP || this == STRUCT;
    }

    /** @return whether the order of values in the file is worth checking (monotonicity) */
    boolean sequential() {
        return numeric() || temporal() || this == TIME;
    }
}

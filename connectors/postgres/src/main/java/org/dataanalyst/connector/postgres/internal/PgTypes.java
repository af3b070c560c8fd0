package org.dataanalyst.connector.postgres.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * How PostgreSQL types become engine (DuckDB) types, and how a value of each is read from a JDBC
 * {@link ResultSet} as the Java class the engine's appender takes. The mapping (also in
 * {@code docs/connectors-databases.md}):
 *
 * <pre>
 * int2 / int4 / int8                 SMALLINT / INTEGER / BIGINT
 * numeric(p,s), p &lt;= 38              DECIMAL(p,s)
 * numeric, numeric(p,s) p &gt; 38       DOUBLE (closest binary value; NaN and ±Infinity kept)
 * float4 / float8                    FLOAT / DOUBLE
 * text, varchar, bpchar, name, citext VARCHAR
 * bool                               BOOLEAN
 * date / time / timestamp            DATE / TIME / TIMESTAMP
 * timestamptz                        TIMESTAMP WITH TIME ZONE
 * json / jsonb                       JSON (the JSON text)
 * uuid                               UUID
 * bytea                              BLOB
 * one-dimensional arrays of these    LIST of the element type, e.g. INTEGER[], VARCHAR[]
 * everything else                    VARCHAR: PostgreSQL's text form (interval, enums, money, inet, …)
 * </pre>
 *
 * Domains arrive as their base type (PostgreSQL describes result columns by the base type).
 */
final class PgTypes {

    private PgTypes() {
    }

    /** Reads one value of a column (1-based index) as the class its engine type takes, or {@code null}. */
    @FunctionalInterface
    interface Reader {
        Object read(ResultSet rs, int column) throws SQLException;
    }

    /** A source column's engine type and how to read it. */
    record Mapping(String engineType, Reader reader) {
    }

    /**
     * @param typeName  PostgreSQL's type name as the driver reports it ({@code int4}, {@code _text}, {@code numeric}…)
     * @param precision the declared precision ({@code numeric(p,s)}: p; 0 when unconstrained)
     * @param scale     the declared scale
     */
    static Mapping map(String typeName, int precision, int scale) {
        if (typeName.startsWith("_")) {
            Mapping element = scalar(typeName.substring(1), precision, scale);
            if (element != null) {
                return new Mapping(element.engineType() + "[]", arrayReader(element.reader()));
            }
            return new Mapping("VARCHAR", ResultSet::getString);
        }
        Mapping m = scalar(typeName, precision, scale);
        return m != null ? m : new Mapping("VARCHAR", ResultSet::getString);
    }

    /** The mapping of a result column. */
    static Mapping map(ResultSetMetaData md, int column) throws SQLException {
        return map(md.getColumnTypeName(column), md.getPrecision(column), md.getScale(column));
    }

    /**
     * How a column's values travel through {@code COPY … TO STDOUT (FORMAT csv)} into the engine's CSV reader.
     * The engine type is always the one {@link #map} gives.
     */
    enum CsvForm {
        /** PostgreSQL's text form, parsed by the engine as the column's engine type */
        AS_IS,
        /** {@code bytea}: {@code encode(x, 'hex')} in COPY's SELECT, {@code unhex} in the engine */
        HEX,
        /**
         * {@code date}, {@code timestamp}, {@code timestamptz} (written in UTC): read as text and converted by
         * an engine expression, because the engine's parser ignores PostgreSQL's {@code BC} suffix
         */
        DATE, TIMESTAMP, TIMESTAMPTZ,
        /** {@code time}: read as text; PostgreSQL's {@code 24:00:00} becomes {@code 23:59:59.999999}, as through JDBC */
        TIME
    }

    /**
     * @param typeName PostgreSQL's type name as the driver reports it
     * @return how the column travels through COPY's CSV, or {@code null} when it cannot (arrays of mapped
     *         element types, which become engine lists; they are read through JDBC)
     */
    static CsvForm csvForm(String typeName) {
        if (typeName.startsWith("_")) {
            return scalar(typeName.substring(1), 0, 0) != null ? null : CsvForm.AS_IS; // else text: '{…}'
        }
        return switch (typeName) {
            case "bytea" -> CsvForm.HEX;
            case "date" -> CsvForm.DATE;
            case "timestamp" -> CsvForm.TIMESTAMP;
            case "timestamptz" -> CsvForm.TIMESTAMPTZ;
            case "time" -> CsvForm.TIME;
            default -> CsvForm.AS_IS;
        };
    }

    private static Mapping scalar(String t, int precision, int scale) {
        return switch (t) {
            case "int2" -> new Mapping("SMALLINT", (rs, i) -> {
                short v = rs.getShort(i);
                return rs.wasNull() ? null : v;
            });
            case "int4" -> new Mapping("INTEGER", (rs, i) -> {
                int v = rs.getInt(i);
                return rs.wasNull() ? null : v;
            });
            case "int8" -> new Mapping("BIGINT", (rs, i) -> {
                long v = rs.getLong(i);
                return rs.wasNull() ? null : v;
            });
            case "numeric" -> precision > 0 && precision <= 38 && scale >= 0 && scale <= precision
                    ? new Mapping("DECIMAL(" + precision + "," + scale + ")", PgTypes::decimal)
                    : new Mapping("DOUBLE", (rs, i) -> {
                        double v = rs.getDouble(i);
                        return rs.wasNull() ? null : v;
                    });
            case "float4" -> new Mapping("FLOAT", (rs, i) -> {
                float v = rs.getFloat(i);
                return rs.wasNull() ? null : v;
            });
            case "float8" -> new Mapping("DOUBLE", (rs, i) -> {
                double v = rs.getDouble(i);
                return rs.wasNull() ? null : v;
            });
            case "text", "varchar", "bpchar", "name", "citext" -> new Mapping("VARCHAR", ResultSet::getString);
            case "bool" -> new Mapping("BOOLEAN", (rs, i) -> {
                boolean v = rs.getBoolean(i);
                return rs.wasNull() ? null : v;
            });
            case "date" -> new Mapping("DATE", (rs, i) -> rs.getObject(i, LocalDate.class));
            case "time" -> new Mapping("TIME", (rs, i) -> rs.getObject(i, LocalTime.class));
            case "timestamp" -> new Mapping("TIMESTAMP", (rs, i) -> rs.getObject(i, LocalDateTime.class));
            case "timestamptz" -> new Mapping("TIMESTAMP WITH TIME ZONE", (rs, i) -> rs.getObject(i, OffsetDateTime.class));
            case "json", "jsonb" -> new Mapping("JSON", ResultSet::getString);
            case "uuid" -> new Mapping("UUID", (rs, i) -> rs.getObject(i, UUID.class));
            case "bytea" -> new Mapping("BLOB", ResultSet::getBytes);
            default -> null;
        };
    }

    private static Object decimal(ResultSet rs, int column) throws SQLException {
        try {
            return rs.getBigDecimal(column);
        } catch (SQLException e) {
            // NaN is the one numeric(p,s) value without a decimal form
            String text = rs.getString(column);
            throw new SQLException("the value " + text + " cannot be stored as a DECIMAL", e.getSQLState(), e);
        }
    }

    /** A one-dimensional array, read element by element with the element type's reader. */
    private static Reader arrayReader(Reader element) {
        return (rs, column) -> {
            Array array = rs.getArray(column);
            if (array == null) {
                return null;
            }
            try (ResultSet elements = array.getResultSet()) {
                if (elements.getMetaData().getColumnType(2) == Types.ARRAY) {
                    throw new SQLException("a multi-dimensional array; only one-dimensional arrays can be read");
                }
                List<Object> values = new ArrayList<>();
                while (elements.next()) {
                    values.add(element.read(elements, 2));
                }
                return values;
            } finally {
                array.free();
            }
        };
    }
}

package org.dataanalyst.connector.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.TableAppender;
import org.dataanalyst.spi.connector.IngestTarget.OnError;
import org.dataanalyst.spi.connector.SourceTable;

/**
 * The connector's core, free of the platform: given a read-only connection from {@link SqliteFile#open},
 * it lists tables and streams a table's or a query's rows into a {@link TableAppender}, reading each value
 * as its column's engine type ({@link SqliteTypes}). Failures are {@link InvalidRequestException}s naming
 * the file, table, column and row.
 */
final class SqliteReader {

    /** Rows between two looks at cancellation and progress. */
    static final int CHECK_EVERY = 4096;
    /** Skipped rows described one by one in the log; the rest are counted. */
    static final int LOGGED_SKIPS = 20;

    private final Connection connection;
    private final String file;
    private final SqliteTypes.UnixTime unixTime;

    /**
     * @param connection a connection from {@link SqliteFile#open}
     * @param file       the file as the user named it, for messages
     * @param unixTime   how integers in date/time columns count
     */
    SqliteReader(Connection connection, String file, SqliteTypes.UnixTime unixTime) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.file = Objects.requireNonNull(file, "file");
        this.unixTime = Objects.requireNonNull(unixTime, "unixTime");
    }

    /** One column of a table as SQLite declares it. */
    record Declared(String name, String type, boolean notNull) {
    }

    /**
     * A table or view.
     *
     * @param name    its name as stored
     * @param columns its columns in order
     */
    record Relation(String name, String kind, List<Declared> columns) {
    }

    /**
     * Finds a table or view by name (SQLite compares names without case).
     *
     * @throws InvalidRequestException "table x does not exist in file" when there is none
     */
    Relation relation(String table) {
        String name = table == null ? "" : table.strip();
        if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        try (PreparedStatement find = connection.prepareStatement("SELECT name, type FROM sqlite_master "
                + "WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE")) {
            find.setString(1, name);
            try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                    throw new InvalidRequestException("table " + name + " does not exist in " + file);
                }
                String stored = rs.getString(1);
                return new Relation(stored, rs.getString(2), columns(stored));
            }
        } catch (SQLException e) {
            throw failure("cannot look up table " + name + " in", e);
        }
    }

    private List<Declared> columns(String table) throws SQLException {
        List<Declared> columns = new ArrayList<>();
        List<String> integerKeys = new ArrayList<>();
        try (PreparedStatement info = connection.prepareStatement(
                "SELECT name, type, \"notnull\", pk FROM pragma_table_xinfo(?) WHERE hidden <> 1 ORDER BY cid")) {
            info.setString(1, table);
            try (ResultSet rs = info.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2) == null ? "" : rs.getString(2);
                    columns.add(new Declared(rs.getString(1), type, rs.getInt(3) != 0));
                    if (rs.getInt(4) > 0) {
                        integerKeys.add(type.equalsIgnoreCase("INTEGER") ? rs.getString(1) : null);
                    }
                }
            }
        }
        if (integerKeys.size() == 1 && integerKeys.get(0) != null) { // INTEGER PRIMARY KEY: the rowid, never NULL
            String key = integerKeys.get(0);
            columns.replaceAll(c -> c.name().equals(key) ? new Declared(c.name(), c.type(), true) : c);
        }
        return columns;
    }

    /** The tables and views of the file (not SQLite's own), with their declared columns ({@code ANY} for none). */
    List<SourceTable> tables() {
        List<SourceTable> tables = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
                     + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            List<String[]> names = new ArrayList<>();
            while (rs.next()) {
                names.add(new String[] {rs.getString(1), rs.getString(2)});
            }
            for (String[] n : names) {
                List<Column> columns = new ArrayList<>();
                for (Declared d : columns(n[0])) {
                    columns.add(new Column(d.name(), d.type().isBlank() ? "ANY" : d.type(), !d.notNull()));
                }
                tables.add(new SourceTable(null, n[0], n[1], columns));
            }
            return tables;
        } catch (SQLException e) {
            throw failure("cannot list the tables of", e);
        }
    }

    /**
     * Starts reading a whole table.
     *
     * @param types engine types by column name (option {@code types}), overriding the declared ones
     */
    Read openTable(Relation relation, Map<String, String> types) {
        Map<String, String> overrides = overrides(types, relation.columns().stream().map(Declared::name).toList(),
                "table " + relation.name());
        List<Column> columns = new ArrayList<>();
        List<String> select = new ArrayList<>();
        for (Declared d : relation.columns()) {
            String override = overrides.get(d.name().toLowerCase(Locale.ROOT));
            columns.add(new Column(d.name(), override != null ? override : SqliteTypes.engineType(d.type()), !d.notNull()));
            select.add(quote(d.name()));
        }
        String sql = "SELECT " + String.join(", ", select) + " FROM " + quote(relation.name());
        return open(sql, columns, "table " + relation.name(), count(relation));
    }

    /**
     * Starts reading a query's rows; every column is nullable. A column that is an expression (no declared
     * type) gets its engine type from the storage classes of its values, which costs one more run of the
     * query before reading.
     *
     * @throws InvalidRequestException when it is not one read-only statement, or SQLite refuses it
     */
    Read openQuery(String query, Map<String, String> types) {
        String sql;
        try {
            sql = SqlText.readOnlyStatement(query);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("option query: " + e.getMessage());
        }
        String view = "da_query_" + UUID.randomUUID().toString().replace("-", "");
        Statement statement = null;
        try (Statement s = connection.createStatement()) {
            // a temporary view (in SQLite's in-memory temp schema, so the read-only file is untouched) tells
            // the declared type of each result column; expressions have none
            s.execute("CREATE TEMP VIEW " + view + " AS " + sql);
            try {
                List<String> viewNames = new ArrayList<>();
                List<String> declared = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT name, type FROM pragma_table_info('" + view + "', 'temp') ORDER BY cid")) {
                    while (rs.next()) {
                        viewNames.add(rs.getString(1));
                        declared.add(rs.getString(2) == null ? "" : rs.getString(2).strip());
                    }
                }
                statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql);
                ResultSetMetaData md = rows.getMetaData();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    names.add(md.getColumnLabel(i));
                }
                if (names.size() != declared.size()) {
                    throw new InvalidRequestException("the query has " + names.size() + " columns but SQLite describes "
                            + declared.size());
                }
                Map<String, String> overrides = overrides(types, names, "the query");
                List<String> engineTypes = new ArrayList<>();
                List<Integer> toInfer = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    String override = overrides.get(names.get(i).toLowerCase(Locale.ROOT));
                    // SQLite reports a column of no declared type as BLOB in a view: learn both from the values
                    if (override == null && (declared.get(i).isEmpty() || declared.get(i).equalsIgnoreCase("BLOB"))) {
                        toInfer.add(i);
                        engineTypes.add(null);
                    } else {
                        engineTypes.add(override != null ? override : SqliteTypes.engineType(declared.get(i)));
                    }
                }
                if (!toInfer.isEmpty()) {
                    List<String> probes = new ArrayList<>();
                    for (int i : toInfer) {
                        probes.add("group_concat(DISTINCT typeof(" + quote(viewNames.get(i)) + "))");
                    }
                    try (ResultSet rs = s.executeQuery("SELECT " + String.join(", ", probes) + " FROM temp." + view)) {
                        rs.next();
                        for (int k = 0; k < toInfer.size(); k++) {
                            String classes = rs.getString(k + 1);
                            engineTypes.set(toInfer.get(k), SqliteTypes.inferred(classes == null ? Set.of()
                                    : Set.of(classes.split(","))));
                        }
                    }
                }
                List<Column> columns = new ArrayList<>();
                Set<String> used = new HashSet<>();
                for (int i = 0; i < names.size(); i++) {
                    columns.add(new Column(unique(names.get(i), used), engineTypes.get(i), true));
                }
                Read read = new Read(statement, rows, columns, readers(columns), "the query", -1);
                statement = null;
                return read;
            } finally {
                closeQuietly(statement);
                s.execute("DROP VIEW IF EXISTS temp." + view);
            }
        } catch (SQLException e) {
            throw failure("the query failed on", e);
        }
    }

    private Map<String, String> overrides(Map<String, String> types, List<String> names, String what) {
        Map<String, String> byName = new HashMap<>();
        Set<String> known = new HashSet<>();
        names.forEach(n -> known.add(n.toLowerCase(Locale.ROOT)));
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, String> e : types.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (!known.contains(key)) {
                unknown.add(e.getKey());
            }
            byName.put(key, SqliteTypes.checkEngineType(e.getValue()));
        }
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("option types names column(s) " + unknown + " that " + what + " in " + file
                    + " does not have; its columns: " + names);
        }
        return byName;
    }

    private long count(Relation relation) {
        if (!relation.kind().equals("table")) {
            return -1;
        }
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(relation.name()))) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1; // only an estimate for progress
        }
    }

    private SqliteTypes.Reader[] readers(List<Column> columns) {
        SqliteTypes.Reader[] readers = new SqliteTypes.Reader[columns.size()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = SqliteTypes.reader(columns.get(i).type(), unixTime);
        }
        return readers;
    }

    private Read open(String sql, List<Column> columns, String what, long expectedRows) {
        Statement statement = null;
        try {
            statement = connection.createStatement();
            ResultSet rs = statement.executeQuery(sql);
            return new Read(statement, rs, columns, readers(columns), what, expectedRows);
        } catch (SQLException e) {
            closeQuietly(statement);
            throw failure("reading " + what + " failed in", e);
        }
    }

    /** The engine compares column names without case: a repeated name gets a suffix {@code _2}, {@code _3}… */
    private static String unique(String name, Set<String> used) {
        String candidate = name;
        for (int k = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); k++) {
            candidate = name + "_" + k;
        }
        return candidate;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Rows being read: the columns are known, the rows are fetched by {@link #copyTo}. */
    final class Read implements AutoCloseable {
        private final Statement statement;
        private final ResultSet rows;
        private final List<Column> columns;
        private final SqliteTypes.Reader[] readers;
        private final String what;
        private final long expectedRows;
        private long skipped;

        private Read(Statement statement, ResultSet rows, List<Column> columns, SqliteTypes.Reader[] readers, String what,
                long expectedRows) {
            this.statement = statement;
            this.rows = rows;
            this.columns = List.copyOf(columns);
            this.readers = readers;
            this.what = what;
            this.expectedRows = expectedRows;
        }

        /** @return the engine columns: source names (made unique), engine types, nullability */
        List<Column> columns() {
            return columns;
        }

        /** @return the table's row count (for progress), or -1 for a view or a query */
        long expectedRows() {
            return expectedRows;
        }

        /** @return rows skipped under {@link OnError#SKIP} */
        long skipped() {
            return skipped;
        }

        /**
         * Appends every row.
         *
         * @param onError   {@link OnError#FAIL}: a value that does not fit its column fails the read, naming
         *                  table, column and row; {@link OnError#SKIP}: the row is left out and told to {@code log}
         * @param log       receives a line per skipped row (the first {@value #LOGGED_SKIPS}) and a summary
         * @param cancelled asked every {@value #CHECK_EVERY} rows; reading stops with a
         *                  {@link CancellationException} when it says so
         * @param progress  told the number of rows read so far, every {@value #CHECK_EVERY} rows
         * @return the number of rows appended
         */
        long copyTo(TableAppender appender, OnError onError, Consumer<String> log, BooleanSupplier cancelled,
                LongConsumer progress) {
            Object[] row = new Object[readers.length];
            long number = 0;
            long appended = 0;
            int column = -1;
            try {
                while (true) {
                    column = -1;
                    if (!rows.next()) {
                        break;
                    }
                    number++;
                    boolean fits = true;
                    for (column = 0; column < readers.length; column++) {
                        try {
                            row[column] = readers[column].read(rows, column + 1);
                        } catch (SqliteTypes.Mismatch m) {
                            String where = where(column, number) + ": " + m.getMessage();
                            if (onError == OnError.FAIL) {
                                throw new InvalidRequestException("reading " + where + "; read the column as another type "
                                        + "with option types, e.g. {\"" + columns.get(column).name() + "\": \"VARCHAR\"}, "
                                        + "or skip such rows with on_error skip");
                            }
                            skipped++;
                            if (skipped <= LOGGED_SKIPS) {
                                log.accept("Skipped " + where);
                            }
                            fits = false;
                            break;
                        }
                    }
                    column = -1;
                    if (fits) {
                        appender.append(row);
                        appended++;
                    }
                    if (number % CHECK_EVERY == 0) {
                        if (cancelled.getAsBoolean()) {
                            throw new CancellationException("reading " + what + " of " + file + " was cancelled after "
                                    + number + " rows");
                        }
                        progress.accept(number);
                    }
                }
                progress.accept(number);
                if (skipped > 0) {
                    log.accept("Skipped " + skipped + " of " + number + " rows of " + what + " whose values did not fit "
                            + "their column types");
                }
                return appended;
            } catch (SQLException e) {
                String where = column >= 0 ? where(column, number) : what + " of " + file + " after " + number + " rows";
                throw new InvalidRequestException("reading " + where + " failed: " + SqliteFile.message(e));
            } catch (EngineException e) {
                throw new InvalidRequestException("reading " + what + " of " + file + " failed: " + e.getMessage());
            }
        }

        private String where(int column, long number) {
            return what + " of " + file + ", column '" + columns.get(column).name() + "', row " + number;
        }

        @Override
        public void close() {
            closeQuietly(statement);
        }
    }

    private InvalidRequestException failure(String what, SQLException e) {
        return new InvalidRequestException(what + " " + file + ": " + SqliteFile.message(e));
    }

    private static void closeQuietly(Statement statement) {
        if (statement != null) {
            try {
                statement.close();
            } catch (SQLException e) {
                // nothing to add
            }
        }
    }

    /** Engine types by column from option {@code types}, checked. */
    static Map<String, String> types(Object option) {
        Map<String, String> types = new LinkedHashMap<>();
        if (option == null) {
            return types;
        }
        if (!(option instanceof Map<?, ?> map)) {
            throw new InvalidRequestException("option types must be an object {\"column\": \"ENGINE_TYPE\"}");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key) || !(e.getValue() instanceof String value)) {
                throw new InvalidRequestException("option types must map column names to type names, e.g. {\"age\": \"VARCHAR\"}");
            }
            try {
                types.put(key, SqliteTypes.checkEngineType(value));
            } catch (IllegalArgumentException ex) {
                throw new InvalidRequestException("option types, column '" + key + "': " + ex.getMessage());
            }
        }
        return types;
    }
}

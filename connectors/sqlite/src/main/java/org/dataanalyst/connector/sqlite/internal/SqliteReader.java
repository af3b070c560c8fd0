package org.dataanalyst.connector.sqlite.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.regex.Pattern;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.TableAppender;
import org.dataanalyst.spi.connector.IngestTarget.OnError;
import org.dataanalyst.spi.connector.SourceTable;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;

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
    private final Path path;
    /** Tables with at least this many rows are read from the file in two parts at once (for a CSV file). */
    private long parallelFromRows = 200_000;

    /**
     * A reader that reads every row through SQLite's JDBC driver.
     *
     * @param connection a connection from {@link SqliteFile#open}
     * @param file       the file as the user named it, for messages
     * @param unixTime   how integers in date/time columns count
     */
    SqliteReader(Connection connection, String file, SqliteTypes.UnixTime unixTime) {
        this(connection, file, unixTime, null);
    }

    /**
     * A reader that reads a plain table's rows straight from the file ({@link SqlitePages}) where it can.
     *
     * @param path the database file the connection is open on, or {@code null} to read through JDBC only
     */
    SqliteReader(Connection connection, String file, SqliteTypes.UnixTime unixTime, Path path) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.file = Objects.requireNonNull(file, "file");
        this.unixTime = Objects.requireNonNull(unixTime, "unixTime");
        this.path = path;
    }

    /** Sets from how many rows a table is read from the file in two parts at once (tests use small tables). */
    SqliteReader parallelFrom(long rows) {
        this.parallelFromRows = rows;
        return this;
    }

    /**
     * One column of a table as SQLite declares it.
     *
     * @param hidden       {@code pragma_table_xinfo.hidden}: 2 and 3 are generated columns
     * @param defaultValue the declared default as SQL text, or {@code null}
     */
    record Declared(String name, String type, boolean notNull, int hidden, String defaultValue) {
        Declared(String name, String type, boolean notNull) {
            this(name, type, notNull, 0, null);
        }
    }

    /**
     * A table or view.
     *
     * @param name        its name as stored
     * @param columns     its columns in order
     * @param rowidColumn the index of its {@code INTEGER PRIMARY KEY} column (the rowid), or -1
     */
    record Relation(String name, String kind, List<Declared> columns, int rowidColumn) {
        Relation(String name, String kind, List<Declared> columns) {
            this(name, kind, columns, -1);
        }
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
                List<Declared> columns = columns(stored);
                return new Relation(stored, rs.getString(2), columns, rowidColumn(stored));
            }
        } catch (SQLException e) {
            throw failure("cannot look up table " + name + " in", e);
        }
    }

    private List<Declared> columns(String table) throws SQLException {
        List<Declared> columns = new ArrayList<>();
        int key = integerKey(table);
        try (PreparedStatement info = connection.prepareStatement(
                "SELECT name, type, \"notnull\", hidden, dflt_value FROM pragma_table_xinfo(?) WHERE hidden <> 1 ORDER BY cid")) {
            info.setString(1, table);
            try (ResultSet rs = info.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2) == null ? "" : rs.getString(2);
                    // INTEGER PRIMARY KEY: the rowid, never NULL
                    boolean notNull = rs.getInt(3) != 0 || columns.size() == key;
                    columns.add(new Declared(rs.getString(1), type, notNull, rs.getInt(4), rs.getString(5)));
                }
            }
        }
        return columns;
    }

    /** The index of a table's only primary-key column when it is declared exactly {@code INTEGER}, or -1. */
    private int integerKey(String table) throws SQLException {
        int index = -1;
        int keys = 0;
        try (PreparedStatement info = connection.prepareStatement(
                "SELECT type, pk FROM pragma_table_xinfo(?) WHERE hidden <> 1 ORDER BY cid")) {
            info.setString(1, table);
            try (ResultSet rs = info.executeQuery()) {
                for (int i = 0; rs.next(); i++) {
                    if (rs.getInt(2) > 0) {
                        keys++;
                        index = "INTEGER".equalsIgnoreCase(rs.getString(1)) ? i : -1;
                    }
                }
            }
        }
        return keys == 1 ? index : -1;
    }

    /**
     * The index of the column that is the table's rowid ({@code INTEGER PRIMARY KEY}, not {@code DESC}, in a
     * rowid table), or -1.
     */
    private int rowidColumn(String table) throws SQLException {
        int key = integerKey(table);
        if (key < 0) {
            return -1;
        }
        String sql = schemaSql(table);
        return sql == null || DESC_KEY.matcher(sql).find() || WITHOUT_ROWID.matcher(sql).find() ? -1 : key;
    }

    private static final Pattern DESC_KEY = Pattern.compile("(?i)PRIMARY\\s+KEY\\s+DESC");
    private static final Pattern WITHOUT_ROWID = Pattern.compile("(?i)WITHOUT\\s+ROWID");

    private String schemaSql(String table) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            find.setString(1, table);
            try (ResultSet rs = find.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
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
        String what = "table " + relation.name();
        String notDirect = path == null ? "reading the file directly was not asked for" : null;
        if (notDirect == null) {
            try {
                return openDirect(relation, columns, what);
            } catch (SqlitePages.NotReadable e) {
                notDirect = e.getMessage();
            }
        }
        Read read = open(sql, columns, what, count(relation));
        read.how = "through SQLite's driver (" + notDirect + ")";
        return read;
    }

    /**
     * Starts reading a table straight from the file, inside a read transaction that keeps writers from
     * committing until the read is closed.
     *
     * @throws SqlitePages.NotReadable when the table or file needs SQLite itself to be read
     */
    private Read openDirect(Relation relation, List<Column> columns, String what) throws SqlitePages.NotReadable {
        if (!relation.kind().equals("table")) {
            throw new SqlitePages.NotReadable("a view");
        }
        boolean transaction = false;
        SqlitePages pages = null;
        try {
            connection.setAutoCommit(false);
            transaction = true;
            // the schema as of the transaction (which now holds SQLite's shared lock)
            Integer root = null;
            String sql = null;
            try (PreparedStatement find = connection.prepareStatement(
                    "SELECT rootpage, sql FROM sqlite_master WHERE type = 'table' AND name = ?")) {
                find.setString(1, relation.name());
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        root = rs.getInt(1);
                        sql = rs.getString(2);
                    }
                }
            }
            if (root == null || root < 1 || sql == null || !columns(relation.name()).equals(relation.columns())
                    || rowidColumn(relation.name()) != relation.rowidColumn()) {
                throw new SqlitePages.NotReadable("the table changed while it was opened");
            }
            if (sql.regionMatches(true, 0, "CREATE VIRTUAL", 0, 14)) {
                throw new SqlitePages.NotReadable("a virtual table");
            }
            if (WITHOUT_ROWID.matcher(sql).find()) {
                throw new SqlitePages.NotReadable("a WITHOUT ROWID table");
            }
            if (relation.columns().stream().anyMatch(c -> c.hidden() == 2 || c.hidden() == 3)) {
                throw new SqlitePages.NotReadable("a table with generated columns");
            }
            if (relation.rowidColumn() < 0 && DESC_KEY.matcher(sql).find()) {
                throw new SqlitePages.NotReadable("an INTEGER PRIMARY KEY DESC column");
            }
            long expected = count(relation);
            pages = SqlitePages.open(path);
            int n = relation.columns().size();
            boolean[] real = new boolean[n];
            for (int i = 0; i < n; i++) {
                real[i] = SqliteTypes.realAffinity(relation.columns().get(i).type());
            }
            Map<Integer, Object> defaults = new HashMap<>();
            SqlitePages.Defaults defaultOf = column -> {
                synchronized (defaults) { // the parts of a read in two threads share the connection
                    if (!defaults.containsKey(column)) {
                        defaults.put(column, defaultValue(relation.columns().get(column)));
                    }
                    return defaults.get(column);
                }
            };
            int children = expected >= parallelFromRows ? pages.rootChildren(root) : 0;
            Read read;
            if (children >= 2) {
                int half = children / 2;
                read = new Read(new FileRows(pages.rows(root, 0, half, n, relation.rowidColumn(), real, defaultOf), pages),
                        columns, readers(columns), what, expected);
                read.second = new FileRows(pages.rows(root, half, children, n, relation.rowidColumn(), real, defaultOf), null);
                read.how = "straight from the file, in two parts at once";
            } else {
                read = new Read(new FileRows(pages.rows(root, n, relation.rowidColumn(), real, defaultOf), pages), columns,
                        readers(columns), what, expected);
                read.how = "straight from the file";
            }
            pages = null;
            transaction = false;
            return read;
        } catch (IOException e) {
            throw new SqlitePages.NotReadable("the file cannot be read directly: " + e.getMessage());
        } catch (SQLException e) {
            throw failure("reading " + what + " failed in", e);
        } finally {
            if (pages != null) {
                try {
                    pages.close();
                } catch (IOException e) {
                    // only read
                }
            }
            if (transaction) {
                endTransaction();
            }
        }
    }

    /**
     * The value SQLite gives a column that a row's record does not hold (the column was added after the row
     * was written): its default, with the column's affinity applied, as SQLite itself computes it.
     */
    private Object defaultValue(Declared column) throws SQLException {
        if (column.defaultValue() == null) {
            return null;
        }
        String table = "temp." + quote("da_default_" + UUID.randomUUID().toString().replace("-", ""));
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE " + table + " (c " + column.type() + " DEFAULT " + column.defaultValue() + ")");
            try {
                s.execute("INSERT INTO " + table + " DEFAULT VALUES");
                try (ResultSet rs = s.executeQuery("SELECT c FROM " + table)) {
                    rs.next();
                    Object v = rs.getObject(1);
                    return v instanceof Integer i ? Long.valueOf(i) : v;
                }
            } finally {
                s.execute("DROP TABLE " + table);
            }
        }
    }

    /** Ends a read transaction opened for reading the file directly. */
    private void endTransaction() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // nothing was written; closing the connection ends the transaction anyway
        }
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
                Read read = new Read(new JdbcRows(statement, rows), columns, readers(columns), "the query", -1);
                read.how = "through SQLite's driver";
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
            return new Read(new JdbcRows(statement, rs), columns, readers(columns), what, expectedRows);
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

    /** Rows from a source, one at a time; the current row's values are read through {@link SqliteTypes.Row}. */
    private interface Rows extends SqliteTypes.Row {
        boolean next() throws SQLException;

        void close();
    }

    /**
     * Rows through SQLite's JDBC driver: each value with the driver's native calls on the statement
     * ({@code sqlite3_column_type} and the value's own), without the {@link ResultSet} layer's extra calls.
     */
    private static final class JdbcRows implements Rows {
        private final Statement statement;
        private final ResultSet rows;
        private final DB db;
        private final long pointer;

        JdbcRows(Statement statement, ResultSet rows) throws SQLException {
            this.statement = statement;
            this.rows = rows;
            CoreStatement core = statement.unwrap(CoreStatement.class);
            this.db = core.getDatabase();
            this.pointer = core.pointer.safeRunLong((database, statementPointer) -> statementPointer);
        }

        @Override
        public boolean next() throws SQLException {
            return rows.next();
        }

        @Override
        public int type(int column) throws SQLException {
            return db.column_type(pointer, column);
        }

        @Override
        public long integer(int column) throws SQLException {
            return db.column_long(pointer, column);
        }

        @Override
        public double real(int column) throws SQLException {
            return db.column_double(pointer, column);
        }

        @Override
        public String text(int column) throws SQLException {
            return db.column_text(pointer, column);
        }

        @Override
        public byte[] blob(int column) throws SQLException {
            return db.column_blob(pointer, column);
        }

        @Override
        public void close() {
            closeQuietly(statement);
        }
    }

    /**
     * Rows straight from the file; closing the rows that own the file ends the read transaction that guarded
     * the read (the second part of a read in two parts owns nothing).
     */
    private final class FileRows implements Rows {
        private final SqlitePages.Cursor cursor;
        private final SqlitePages pages;

        /** @param pages the file, closed with these rows; {@code null} for a second part */
        FileRows(SqlitePages.Cursor cursor, SqlitePages pages) {
            this.cursor = cursor;
            this.pages = pages;
        }

        @Override
        public boolean next() throws SQLException {
            return cursor.next();
        }

        @Override
        public int type(int column) throws SQLException {
            return cursor.type(column);
        }

        @Override
        public long integer(int column) throws SQLException {
            return cursor.integer(column);
        }

        @Override
        public double real(int column) throws SQLException {
            return cursor.real(column);
        }

        @Override
        public String text(int column) throws SQLException {
            return cursor.text(column);
        }

        @Override
        public Object varchar(int column) throws SQLException {
            return cursor.varchar(column);
        }

        @Override
        public byte[] blob(int column) throws SQLException {
            return cursor.blob(column);
        }

        @Override
        public void close() {
            if (pages == null) {
                return;
            }
            try {
                pages.close();
            } catch (IOException e) {
                // only read
            }
            endTransaction();
        }
    }

    /** Where the rows of a read go: the engine's appender or a CSV file. */
    @FunctionalInterface
    private interface RowSink {
        void accept(Object[] row) throws IOException;
    }

    /** Rows being read: the columns are known, the rows are fetched by {@link #copyTo}. */
    final class Read implements AutoCloseable {
        private final Rows rows;
        /** The second half of a table read in two parts, or {@code null}. */
        private Rows second;
        private final List<Column> columns;
        private final SqliteTypes.Reader[] readers;
        private final String what;
        private final long expectedRows;
        private long skipped;
        private String how = "through SQLite's driver";

        private Read(Rows rows, List<Column> columns, SqliteTypes.Reader[] readers, String what, long expectedRows) {
            this.rows = rows;
            this.columns = List.copyOf(columns);
            this.readers = readers;
            this.what = what;
            this.expectedRows = expectedRows;
        }

        /** @return how the rows are read: {@code straight from the file} or {@code through SQLite's driver (why)} */
        String how() {
            return how;
        }

        /** @return {@code table name} or {@code the query} */
        String what() {
            return what;
        }

        /** @return whether the rows are read straight from the file */
        boolean direct() {
            return how.startsWith("straight");
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
            RowSink sink = row -> {
                for (int i = 0; i < row.length; i++) {
                    if (row[i] instanceof SqliteTypes.Utf8 text) {
                        row[i] = text.toString();
                    }
                }
                appender.append(row);
            };
            try {
                List<Part> parts = new ArrayList<>();
                long done = 0;
                for (Rows source : second == null ? List.of(rows) : List.of(rows, second)) {
                    Part part = new Part(source, sink, onError);
                    parts.add(part);
                    long before = done;
                    part.run(cancelled, n -> progress.accept(before + n), before);
                    done += part.number;
                    if (part.failure != null) {
                        break;
                    }
                }
                return finish(parts, log, progress);
            } catch (IOException e) {
                throw new IllegalStateException(e); // the appender writes no file
            }
        }

        /**
         * Writes every row to a CSV file for the engine's CSV reader; a table read from the file in two parts
         * writes two files at once, in two threads ({@code <file>.part2.csv} for the second half). Otherwise as
         * {@link #copyTo(TableAppender, OnError, Consumer, BooleanSupplier, LongConsumer)}.
         *
         * @param file a new file
         * @return the rows written, the files and the engine's scan of them
         * @throws IOException when a file cannot be written
         */
        SqliteCsv.Written copyTo(Path file, OnError onError, Consumer<String> log, BooleanSupplier cancelled,
                LongConsumer progress) throws IOException {
            SqliteCsv first = new SqliteCsv(file, columns);
            if (second == null) {
                Part part;
                try (first) {
                    part = new Part(rows, first::append, onError);
                    part.run(cancelled, progress, 0);
                }
                return new SqliteCsv.Written(finish(List.of(part), log, progress), List.of(first));
            }
            Path other = file.resolveSibling(file.getFileName() + ".part2.csv");
            SqliteCsv last = null;
            try (first) {
                last = new SqliteCsv(other, columns);
                try (SqliteCsv writer = last) {
                    Part head = new Part(rows, first::append, onError);
                    Part tail = new Part(second, writer::append, onError);
                    Throwable[] crashed = new Throwable[1];
                    Thread thread = new Thread(() -> {
                        try {
                            tail.run(cancelled, n -> { }, -1);
                        } catch (Throwable e) { // handed to the reading thread
                            crashed[0] = e;
                        }
                    }, "sqlite-read-part-2");
                    thread.setDaemon(true);
                    thread.start();
                    try {
                        head.run(cancelled, n -> progress.accept(n + tail.number), 0);
                    } finally {
                        if (!head.finished) {
                            tail.stop = true; // the first half failed or stopped: the second half is moot
                        }
                        join(thread, tail);
                    }
                    if (crashed[0] instanceof CancellationException) {
                        throw new CancellationException("reading " + what + " of " + file + " was cancelled after "
                                + (head.number + tail.number) + " rows");
                    }
                    if (crashed[0] instanceof IOException e) {
                        throw e;
                    }
                    if (crashed[0] instanceof RuntimeException e) {
                        throw e;
                    }
                    if (crashed[0] instanceof Error e) {
                        throw e;
                    }
                    return new SqliteCsv.Written(finish(List.of(head, tail), log, progress), List.of(first, writer));
                }
            } catch (IOException | RuntimeException | Error e) {
                Files.deleteIfExists(other);
                throw e;
            }
        }

        /** Waits for the thread of the second half; an interrupt stops it and is kept for the caller. */
        private void join(Thread thread, Part tail) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                    tail.stop = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Ends a copy: the first failure in row order is thrown, with its row number counted over the parts
         * before it; skipped rows are logged the same way; the rest as for one part.
         *
         * @return the rows appended
         */
        private long finish(List<Part> parts, Consumer<String> log, LongConsumer progress) {
            long offset = 0;
            long logged = 0;
            long appended = 0;
            long skippedNow = 0;
            for (Part part : parts) {
                for (Part.Skip skip : part.skips) {
                    if (logged++ < LOGGED_SKIPS) {
                        log.accept("Skipped " + where(skip.column(), offset + skip.row()) + ": " + skip.reason());
                    }
                }
                if (part.failure != null) {
                    throw part.failure.apply(offset);
                }
                offset += part.number;
                appended += part.appended;
                skippedNow += part.skipped;
            }
            skipped += skippedNow;
            progress.accept(offset);
            if (skippedNow > 0) {
                log.accept("Skipped " + skippedNow + " of " + offset + " rows of " + what + " whose values did not fit "
                        + "their column types");
            }
            return appended;
        }

        /**
         * One stream of rows being copied: a whole read, or one half of a table read in two parts. Row numbers
         * are the part's own; {@link #finish} adds the rows of the parts before it.
         */
        private final class Part {
            /** A skipped row: the part's row number, the column and why. */
            record Skip(long row, int column, String reason) {
            }

            private final Rows source;
            private final RowSink sink;
            private final OnError onError;
            private final Object[] row = new Object[readers.length];
            private final List<Skip> skips = new ArrayList<>();
            volatile long number;
            volatile boolean stop;
            long appended;
            long skipped;
            boolean finished;
            /** Set when the part stopped on a failure: builds the message once the row offset is known. */
            java.util.function.LongFunction<InvalidRequestException> failure;

            Part(Rows source, RowSink sink, OnError onError) {
                this.source = source;
                this.sink = sink;
                this.onError = onError;
            }

            /**
             * Copies the part's rows until the end, a failure (kept in {@link #failure}) or {@link #stop}.
             *
             * @param offset the rows before this part when known (it then checks and reports at the same rows
             *               as one part would), else -1
             * @throws CancellationException when {@code cancelled} says so
             */
            void run(BooleanSupplier cancelled, LongConsumer progress, long offset) throws IOException {
                int column = -1;
                long n = 0;
                try {
                    while (!stop) {
                        column = -1;
                        if (!source.next()) {
                            finished = true;
                            break;
                        }
                        n++;
                        number = n;
                        boolean fits = true;
                        for (column = 0; column < readers.length; column++) {
                            try {
                                row[column] = readers[column].read(source, column);
                            } catch (SqliteTypes.Mismatch m) {
                                int c = column;
                                long at = n;
                                if (onError == OnError.FAIL) {
                                    failure = before -> new InvalidRequestException("reading " + where(c, before + at) + ": "
                                            + m.getMessage() + "; read the column as another type with option types, e.g. "
                                            + "{\"" + columns.get(c).name() + "\": \"VARCHAR\"}, or skip such rows with "
                                            + "on_error skip");
                                    return;
                                }
                                skipped++;
                                if (skips.size() < LOGGED_SKIPS) {
                                    skips.add(new Skip(n, column, m.getMessage()));
                                }
                                fits = false;
                                break;
                            }
                        }
                        column = -1;
                        if (fits) {
                            try {
                                sink.accept(row);
                            } catch (IllegalArgumentException e) {
                                long at = n;
                                failure = before -> new InvalidRequestException("reading " + what + " of " + file
                                        + " failed at row " + (before + at) + ": " + e.getMessage());
                                return;
                            }
                            appended++;
                        }
                        if ((Math.max(0, offset) + n) % CHECK_EVERY == 0) {
                            if (cancelled.getAsBoolean()) {
                                throw new CancellationException("reading " + what + " of " + file + " was cancelled after "
                                        + (offset < 0 ? n : offset + n) + " rows");
                            }
                            progress.accept(n);
                        }
                    }
                } catch (SQLException e) {
                    int c = column;
                    long at = n;
                    String message = SqliteFile.message(e);
                    failure = before -> new InvalidRequestException("reading " + (c >= 0 ? where(c, before + at)
                            : what + " of " + file + " after " + (before + at) + " rows") + " failed: " + message);
                } catch (EngineException e) {
                    String message = e.getMessage();
                    failure = before -> new InvalidRequestException("reading " + what + " of " + file + " failed: "
                            + message);
                }
            }
        }

        private String where(int column, long number) {
            return what + " of " + file + ", column '" + columns.get(column).name() + "', row " + number;
        }

        @Override
        public void close() {
            if (second != null) {
                second.close();
            }
            rows.close();
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

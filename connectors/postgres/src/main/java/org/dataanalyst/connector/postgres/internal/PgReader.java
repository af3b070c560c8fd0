package org.dataanalyst.connector.postgres.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.TableAppender;
import org.dataanalyst.spi.connector.SourceTable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The connector's core, free of the platform: given a connection made by {@link PgSource#connect}
 * (read-only, autocommit off), it finds tables, lists them, and reads the rows of a table or a query in
 * one of two ways: {@link #copyToCsv COPY … TO STDOUT} into a CSV file that the engine then scans
 * ({@link #scanSql}), when every column's type survives CSV text ({@link Shape#notCopyable()} is
 * {@code null}), or through JDBC into a {@link TableAppender} ({@link #open}). Every failure is an
 * {@link InvalidRequestException} whose message names the server.
 */
final class PgReader {

    /** Rows between two looks at cancellation and progress. */
    static final int CHECK_EVERY = 4096;

    private final Connection connection;
    private final String server;

    /**
     * @param connection a connection from {@link PgSource#connect}
     * @param server     {@code host:port/database}, for messages
     */
    PgReader(Connection connection, String server) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.server = Objects.requireNonNull(server, "server");
    }

    /**
     * A table or view found in the catalog.
     *
     * @param estimatedRows {@code pg_class.reltuples}, or -1 when unknown (never analyzed, a view)
     * @param notNull       the columns declared NOT NULL
     * @param oid           its {@code pg_class} oid
     * @param heap          whether it is a plain table ({@code relkind 'r'}), whose blocks COPY can read in ranges
     */
    record Relation(String schema, String name, String kind, long estimatedRows, Set<String> notNull, long oid,
            boolean heap) {
        String qualifiedName() {
            return schema + "." + name;
        }
    }

    /** @return the server's version, e.g. {@code 16.4} */
    String serverVersion() {
        try {
            return connection.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw failure("cannot read the server version of", e);
        }
    }

    /**
     * Finds a table, view, materialized view, partitioned or foreign table.
     *
     * @throws InvalidRequestException "table public.x does not exist at host:port/db" when there is none
     */
    Relation relation(PgTableName table) {
        String regclass = (table.schema() == null ? "" : PgTableName.quote(table.schema()) + ".")
                + PgTableName.quote(table.name());
        try (PreparedStatement find = connection.prepareStatement(
                "SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples::bigint, current_schema() "
                        + "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE c.oid = pg_catalog.to_regclass(?) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')")) {
            find.setString(1, regclass);
            long oid;
            Relation relation;
            try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                    String schema = table.schema();
                    if (schema == null) {
                        try (Statement s = connection.createStatement();
                             ResultSet cs = s.executeQuery("SELECT current_schema()")) {
                            schema = cs.next() && cs.getString(1) != null ? cs.getString(1) : "public";
                        }
                    }
                    throw new InvalidRequestException("table " + schema + "." + table.name() + " does not exist at " + server);
                }
                oid = rs.getLong(1);
                String kind = switch (rs.getString(4)) {
                    case "v", "m" -> "view";
                    default -> "table";
                };
                long estimate = rs.getLong(5);
                relation = new Relation(rs.getString(2), rs.getString(3), kind, estimate > 0 ? estimate : -1, Set.of(), oid,
                        rs.getString(4).equals("r"));
            }
            Set<String> notNull = new HashSet<>();
            try (PreparedStatement columns = connection.prepareStatement("SELECT attname FROM pg_catalog.pg_attribute "
                    + "WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped AND attnotnull")) {
                columns.setLong(1, oid);
                try (ResultSet rs = columns.executeQuery()) {
                    while (rs.next()) {
                        notNull.add(rs.getString(1));
                    }
                }
            }
            return new Relation(relation.schema(), relation.name(), relation.kind(), relation.estimatedRows(),
                    Set.copyOf(notNull), oid, relation.heap());
        } catch (SQLException e) {
            throw failure("cannot look up table " + regclass + " at", e);
        } finally {
            endTransaction();
        }
    }

    /** The tables and views outside the system schemas that the user may read, with their columns. */
    List<SourceTable> tables() {
        String sql = "SELECT n.nspname, c.relname, c.relkind, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
                + "a.attnotnull FROM pg_catalog.pg_class c "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                + "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                + "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition "
                + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
                + "AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND pg_catalog.has_table_privilege(c.oid, 'SELECT') "
                + "ORDER BY n.nspname, c.relname, a.attnum";
        Map<String, SourceTable> tables = new LinkedHashMap<>();
        Map<String, List<Column>> columns = new LinkedHashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                String schema = rs.getString(1);
                String name = rs.getString(2);
                String key = schema + "\u0000" + name;
                String kind = switch (rs.getString(3)) {
                    case "v", "m" -> "view";
                    default -> "table";
                };
                List<Column> list = columns.computeIfAbsent(key, k -> new ArrayList<>());
                tables.putIfAbsent(key, new SourceTable(schema, name, kind, List.of()));
                String column = rs.getString(4);
                if (column != null) {
                    list.add(new Column(column, rs.getString(5), !rs.getBoolean(6)));
                }
            }
        } catch (SQLException e) {
            throw failure("cannot list the tables of", e);
        } finally {
            endTransaction();
        }
        List<SourceTable> result = new ArrayList<>(tables.size());
        for (Map.Entry<String, SourceTable> e : tables.entrySet()) {
            SourceTable t = e.getValue();
            result.add(new SourceTable(t.schema(), t.name(), t.kind(), columns.get(e.getKey())));
        }
        return result;
    }

    /**
     * A table or query to read.
     *
     * @param sql     the statement whose rows are read
     * @param what    {@code table schema.name} or {@code the query}, for messages
     * @param notNull  the columns declared NOT NULL (a table's; none for a query)
     * @param relation the table, or {@code null} for a query
     */
    record Source(String sql, String what, Set<String> notNull, Relation relation) {
    }

    /** A whole table; its NOT NULL columns are not nullable. */
    Source table(Relation relation) {
        return new Source("SELECT * FROM " + PgTableName.quote(relation.schema()) + "." + PgTableName.quote(relation.name()),
                "table " + relation.qualifiedName(), relation.notNull(), relation);
    }

    /**
     * A query's rows (every column nullable). It runs in a read-only transaction, so writes are refused by
     * the server.
     *
     * @throws InvalidRequestException when it is not one read-only statement
     */
    Source query(String query) {
        String statement;
        try {
            statement = SqlText.readOnlyStatement(query);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("option query: " + e.getMessage());
        }
        return new Source(statement, "the query", Set.of(), null);
    }

    /** Starts reading a whole table through JDBC; its NOT NULL columns are not nullable. */
    Read openTable(Relation relation, int fetchSize) {
        return open(table(relation), fetchSize);
    }

    /**
     * Starts reading a query's rows through JDBC (every column nullable), in a read-only transaction.
     *
     * @throws InvalidRequestException when it is not one read-only statement, or the server refuses it
     */
    Read openQuery(String query, int fetchSize) {
        return open(query(query), fetchSize);
    }

    /** Starts reading through JDBC: the statement runs, rows are fetched {@code fetchSize} at a time. */
    Read open(Source source, int fetchSize) {
        return open(source.sql(), source.notNull(), fetchSize, source.what());
    }

    /**
     * The columns of a table or query as the server describes them, without running it.
     *
     * @param columns     engine columns (source names made unique, engine types, nullability)
     * @param sourceNames the names as the server gives them
     * @param forms       how each column travels through COPY's CSV ({@code null}: it cannot)
     * @param notCopyable why COPY cannot carry the rows (naming the column), or {@code null} when it can
     */
    record Shape(List<Column> columns, List<String> sourceNames, List<PgTypes.CsvForm> forms, String notCopyable) {
    }

    /**
     * Describes the rows of a source without running it (the server parses and plans the statement only).
     *
     * @throws InvalidRequestException when the server refuses the statement
     */
    Shape describe(Source source) {
        try (PreparedStatement statement = connection.prepareStatement(source.sql())) {
            ResultSetMetaData md = statement.getMetaData();
            if (md == null) {
                throw new InvalidRequestException("reading " + source.what() + " from PostgreSQL at " + server
                        + " failed: the statement returns no rows");
            }
            int n = md.getColumnCount();
            List<Column> columns = new ArrayList<>(n);
            List<String> names = new ArrayList<>(n);
            List<PgTypes.CsvForm> forms = new ArrayList<>(n);
            Set<String> used = new HashSet<>();
            String notCopyable = null;
            boolean transformed = false;
            for (int i = 1; i <= n; i++) {
                String name = md.getColumnLabel(i);
                String typeName = md.getColumnTypeName(i);
                PgTypes.Mapping mapping = PgTypes.map(typeName, md.getPrecision(i), md.getScale(i));
                PgTypes.CsvForm form = PgTypes.csvForm(typeName);
                names.add(name);
                forms.add(form);
                columns.add(new Column(unique(name, used), mapping.engineType(), !source.notNull().contains(name)));
                if (form == null && notCopyable == null) {
                    notCopyable = "column '" + name + "' is an array (" + mapping.engineType() + ")";
                }
                transformed |= form == PgTypes.CsvForm.HEX;
            }
            if (notCopyable == null && transformed && new HashSet<>(names).size() < names.size()) {
                notCopyable = "a bytea column is converted by name and the result repeats a column name";
            }
            return new Shape(List.copyOf(columns), List.copyOf(names), java.util.Collections.unmodifiableList(forms),
                    notCopyable);
        } catch (SQLException e) {
            endTransaction();
            throw failure("reading " + source.what() + " failed at", e);
        }
    }

    /**
     * A source's rows in CSV files written by {@link #copyToCsv}.
     *
     * @param files           the files, in row order (two when a table was read in two parts at once)
     * @param rows            the number of rows
     * @param longestRowBytes the longest row in bytes (the engine's CSV reader needs to know beyond 2 MB)
     */
    record CsvExport(List<Path> files, long rows, long longestRowBytes) {
    }

    /** Plain tables of at least this many blocks are read in two parts at once, when a second connection is given. */
    private long parallelFromBlocks = 4096;

    /** Sets from how many blocks a table is read in two parts at once (tests use small tables). */
    PgReader parallelFrom(long blocks) {
        this.parallelFromBlocks = blocks;
        return this;
    }

    /**
     * Streams a source's rows with {@code COPY (…) TO STDOUT (FORMAT csv)} into a new CSV file: NULL is an
     * unquoted empty field, an empty string is {@code ""}; {@code bytea} is written as hex; the session's
     * time zone is UTC for the transaction, so {@code timestamptz} text carries {@code +00}. The shape must
     * be copyable ({@link Shape#notCopyable()} is {@code null}).
     *
     * @param cancelled asked every {@value #CHECK_EVERY} rows; when it says so, a {@link CancellationException}
     *                  is thrown and the connection closed (which ends the COPY on the server)
     * @param progress  told the number of rows read so far, every {@value #CHECK_EVERY} rows
     * @throws InvalidRequestException naming the server when the server refuses the COPY or fails during it
     */
    CsvExport copyToCsv(Source source, Shape shape, Path file, BooleanSupplier cancelled, LongConsumer progress)
            throws IOException {
        return copyToCsv(source, shape, file, null, cancelled, progress);
    }

    /**
     * As {@link #copyToCsv(Source, Shape, Path, BooleanSupplier, LongConsumer)}, but a large plain table (on
     * PostgreSQL 14 or later, whose TID range scans read a range of blocks alone) is read in two parts at once:
     * its first and second half of blocks, each by its own COPY on its own connection, both in one snapshot
     * (exported by this connection, imported by the other, in REPEATABLE READ transactions). The second half
     * goes to {@code <file>.part2.csv}. The table's rows come in the order of its blocks either way.
     *
     * @param more makes a second connection like this one (closed here after use), or {@code null}
     */
    CsvExport copyToCsv(Source source, Shape shape, Path file, java.util.function.Supplier<Connection> more,
            BooleanSupplier cancelled, LongConsumer progress) throws IOException {
        if (shape.notCopyable() != null) {
            throw new IllegalArgumentException("not copyable: " + shape.notCopyable());
        }
        long blocks = more == null ? -1 : blocksToSplit(source);
        if (blocks < 2) {
            Part one = new Part(connection, "COPY (" + copySelect(source, shape) + "\n) TO STDOUT (FORMAT csv)", file);
            try {
                one.run(cancelled, progress, false);
            } finally {
                endTransaction();
            }
            one.throwFailure(source, 0);
            return new CsvExport(List.of(file), one.count, one.longest);
        }
        return copyInParts(source, shape, file, blocks, more, cancelled, progress);
    }

    /** @return the table's blocks when it should be read in two parts, else -1 */
    private long blocksToSplit(Source source) {
        Relation table = source.relation();
        if (table == null || !table.heap()) {
            return -1;
        }
        try {
            if (connection.getMetaData().getDatabaseMajorVersion() < 14) {
                return -1;
            }
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_relation_size(" + table.oid()
                         + ") / pg_catalog.current_setting('block_size')::int8")) {
                long blocks = rs.next() ? rs.getLong(1) : 0;
                return blocks >= Math.max(2, parallelFromBlocks) ? blocks : -1;
            }
        } catch (SQLException e) {
            return -1; // an estimate only: read in one part
        } finally {
            endTransaction();
        }
    }

    private CsvExport copyInParts(Source source, Shape shape, Path file, long blocks,
            java.util.function.Supplier<Connection> more, BooleanSupplier cancelled, LongConsumer progress)
            throws IOException {
        Connection other = null;
        String snapshot;
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                try (ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_export_snapshot()")) {
                    rs.next();
                    snapshot = rs.getString(1);
                }
            }
            other = more.get();
            try (Statement s = other.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                s.execute("SET TRANSACTION SNAPSHOT " + literal(snapshot));
            }
        } catch (SQLException | RuntimeException e) {
            // no snapshot to share (a standby, too many connections…): one part, as usual
            closeQuietly(other);
            endTransaction();
            Part one = new Part(connection, "COPY (" + copySelect(source, shape) + "\n) TO STDOUT (FORMAT csv)", file);
            try {
                one.run(cancelled, progress, false);
            } finally {
                endTransaction();
            }
            one.throwFailure(source, 0);
            return new CsvExport(List.of(file), one.count, one.longest);
        }
        long half = blocks / 2;
        Path second = file.resolveSibling(file.getFileName() + ".part2.csv");
        Part head = new Part(connection, "COPY (" + rangeSelect(source, shape, "ctid < '(" + half + ",0)'::tid")
                + ") TO STDOUT (FORMAT csv)", file);
        Part tail = new Part(other, "COPY (" + rangeSelect(source, shape, "ctid >= '(" + half + ",0)'::tid")
                + ") TO STDOUT (FORMAT csv)", second);
        Thread thread = new Thread(() -> tail.run(cancelled, n -> { }, true), "postgres-copy-part-2");
        thread.setDaemon(true);
        try {
            thread.start();
            head.run(() -> cancelled.getAsBoolean() || tail.failure != null, n -> progress.accept(n + tail.count), false);
            if (head.failure != null) {
                tail.stop = true;
            }
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
        } finally {
            endTransaction();
            closeQuietly(other);
        }
        if (head.failure instanceof CancellationException || tail.failure instanceof CancellationException) {
            if (tail.failure == null || tail.failure instanceof CancellationException) {
                Files.deleteIfExists(second);
                throw new CancellationException("reading " + source.what() + " from PostgreSQL at " + server
                        + " was cancelled after " + (head.count + tail.count) + " rows");
            }
        }
        if (head.failure != null && !(head.failure instanceof CancellationException)) {
            Files.deleteIfExists(second);
            head.throwFailure(source, 0);
        }
        if (tail.failure != null) {
            Files.deleteIfExists(second);
            tail.throwFailure(source, head.count);
        }
        progress.accept(head.count + tail.count);
        return new CsvExport(List.of(file, second), head.count + tail.count, Math.max(head.longest, tail.longest));
    }

    /** A table's columns (bytea as hex) in a range of its blocks. */
    private static String rangeSelect(Source source, Shape shape, String range) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < shape.sourceNames().size(); i++) {
            String column = PgTableName.quote(shape.sourceNames().get(i));
            select.append(i == 0 ? "" : ", ")
                    .append(shape.forms().get(i) == PgTypes.CsvForm.HEX ? "encode(" + column + ", 'hex')" : column);
        }
        Relation table = source.relation();
        return select.append(" FROM ").append(PgTableName.quote(table.schema())).append('.')
                .append(PgTableName.quote(table.name())).append(" WHERE ").append(range).toString();
    }

    /** One COPY streamed into one file, on one connection; its failure is kept for the caller. */
    private final class Part {
        private final Connection on;
        private final String copy;
        private final Path file;
        volatile long count;
        long longest;
        volatile boolean stop;
        volatile Exception failure;

        Part(Connection on, String copy, Path file) {
            this.on = on;
            this.copy = copy;
            this.file = file;
        }

        /**
         * @param ownTransaction whether the part runs on a connection of its own, whose transaction it may not end
         */
        void run(BooleanSupplier cancelled, LongConsumer progress, boolean ownTransaction) {
            CopyOut out = null;
            long n = 0;
            try (OutputStream file0 = Files.newOutputStream(file);
                 OutputStream csv = new BufferedOutputStream(file0, 1 << 16)) {
                try (Statement s = on.createStatement()) {
                    s.execute("SET LOCAL TimeZone = 'UTC'");
                }
                out = on.unwrap(PGConnection.class).getCopyAPI().copyOut(copy);
                byte[] row;
                while ((row = out.readFromCopy()) != null) {
                    csv.write(row);
                    longest = Math.max(longest, row.length);
                    n++;
                    if (n % CHECK_EVERY == 0) {
                        count = n;
                        if (stop || cancelled.getAsBoolean()) {
                            throw new CancellationException();
                        }
                        progress.accept(n);
                    }
                }
                count = n;
                progress.accept(n);
            } catch (SQLException | IOException | RuntimeException e) {
                count = n;
                failure = e;
            } finally {
                if (out != null && out.isActive()) {
                    // stopped early (cancelled, or the file could not be written): closing the connection ends the
                    // COPY on the server; a cancel request instead could arrive late and hit a later statement
                    closeQuietly(on);
                }
            }
        }

        /** Throws the part's failure, if any, naming rows counted from {@code before}. */
        void throwFailure(Source source, long before) throws IOException {
            Exception e = failure;
            if (e == null) {
                return;
            }
            long rows = before + count;
            if (e instanceof CancellationException) {
                throw new CancellationException("reading " + source.what() + " from PostgreSQL at " + server
                        + " was cancelled after " + rows + " rows");
            }
            if (e instanceof SQLException sql) {
                throw new InvalidRequestException("reading " + source.what() + " from PostgreSQL at " + server + " failed"
                        + (rows > 0 ? " after " + rows + " rows" : "") + ": " + PgSource.serverMessage(sql));
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }
    }

    /** The SELECT inside COPY: the source itself, or its columns with {@code bytea} turned into hex. */
    private static String copySelect(Source source, Shape shape) {
        if (!shape.forms().contains(PgTypes.CsvForm.HEX)) {
            return source.sql();
        }
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < shape.sourceNames().size(); i++) {
            String column = "q." + PgTableName.quote(shape.sourceNames().get(i));
            select.append(i == 0 ? "" : ", ")
                    .append(shape.forms().get(i) == PgTypes.CsvForm.HEX ? "encode(" + column + ", 'hex')" : column);
        }
        return select.append(" FROM (").append(source.sql()).append("\n) q").toString();
    }

    /** DuckDB's default {@code max_line_size}; longer rows need the option. */
    private static final long DEFAULT_MAX_LINE = 2_097_152;

    /**
     * The engine's scan of a CSV file written by {@link #copyToCsv}: {@code read_csv} with the columns'
     * engine types (no detection), PostgreSQL's CSV dialect, an unquoted empty field as NULL and a quoted
     * one as the empty string; dates and times are read as text and converted ({@code BC} years, {@code 24:00}),
     * {@code bytea} hex is decoded.
     *
     * @return an expression usable after {@code SELECT * FROM}
     */
    static String scanSql(Shape shape, CsvExport export) {
        StringBuilder types = new StringBuilder();
        StringBuilder select = new StringBuilder();
        boolean converted = false;
        for (int i = 0; i < shape.columns().size(); i++) {
            Column c = shape.columns().get(i);
            PgTypes.CsvForm form = shape.forms().get(i);
            String name = quoteIdentifier(c.name());
            types.append(i == 0 ? "" : ", ").append(literal(c.name())).append(": ")
                    .append(literal(form == PgTypes.CsvForm.AS_IS ? c.type() : "VARCHAR"));
            select.append(i == 0 ? "" : ", ").append(switch (form) {
                case AS_IS -> name;
                case HEX -> "unhex(" + name + ")";
                case DATE -> "CASE WHEN ends_with(" + name + ", ' BC') THEN " + bcDate(name) + " ELSE CAST(" + name
                        + " AS DATE) END";
                case TIMESTAMP -> "CASE WHEN ends_with(" + name + ", ' BC') THEN " + bcDate(name) + " + CAST(" + name
                        + "[12:-4] AS TIME) ELSE CAST(" + name + " AS TIMESTAMP) END";
                case TIMESTAMPTZ -> "CASE WHEN ends_with(" + name + ", ' BC') THEN timezone('UTC', " + bcDate(name)
                        + " + CAST(" + name + "[12:-7] AS TIME)) ELSE CAST(" + name + " AS TIMESTAMP WITH TIME ZONE) END";
                case TIME -> "CASE WHEN " + name + " = '24:00:00' THEN TIME '23:59:59.999999' ELSE CAST(" + name
                        + " AS TIME) END";
            });
            if (form != PgTypes.CsvForm.AS_IS) {
                select.append(" AS ").append(name);
                converted = true;
            }
        }
        StringBuilder files = new StringBuilder();
        for (Path file : export.files()) {
            files.append(files.length() == 0 ? "" : ", ").append(literal(file.toString()));
        }
        StringBuilder scan = new StringBuilder("read_csv(").append(export.files().size() == 1 ? files : "[" + files + "]")
                .append(", columns = {").append(types).append("}, header = false, auto_detect = false, delim = ',', "
                        + "quote = '\"', escape = '\"', nullstr = '', allow_quoted_nulls = false");
        if (export.longestRowBytes() + 2 > DEFAULT_MAX_LINE) {
            long max = export.longestRowBytes() + 1024;
            scan.append(", max_line_size = ").append(max).append(", buffer_size = ").append(Math.max(32L << 20, 2 * max));
        }
        scan.append(')');
        return converted ? "(SELECT " + select + " FROM " + scan + ")" : scan.toString();
    }

    /** A date before the year 1 as PostgreSQL writes it ({@code YYYY-MM-DD… BC}, always 4 year digits). */
    private static String bcDate(String name) {
        return "make_date(1 - CAST(" + name + "[1:4] AS INTEGER), CAST(" + name + "[6:7] AS INTEGER), CAST(" + name
                + "[9:10] AS INTEGER))";
    }

    private static final Pattern CONVERSION = Pattern.compile(
            "CSV Error on Line: (\\d+).*?Error when converting column \"(.*?)\"\\. Could not convert string \"(.*?)\" to '(.*?)'",
            Pattern.DOTALL);

    /**
     * A failure of the engine's scan of a COPY export as a message naming the server, and the column and
     * row where the engine says which.
     */
    InvalidRequestException scanFailure(Source source, Shape shape, Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Matcher m = CONVERSION.matcher(message);
        if (m.find()) {
            String type = shape.columns().stream().filter(c -> c.name().equals(m.group(2))).map(Column::type)
                    .findFirst().orElse(m.group(4));
            return new InvalidRequestException("reading " + source.what() + " from PostgreSQL at " + server
                    + " failed, column '" + m.group(2) + "', row " + m.group(1) + ": the value " + m.group(3)
                    + " cannot be stored as " + type);
        }
        String first = message.strip().lines().findFirst().orElse(message);
        return new InvalidRequestException("reading " + source.what() + " from PostgreSQL at " + server
                + " failed in the engine: " + first);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private Read open(String sql, Set<String> notNull, int fetchSize, String what) {
        Statement statement = null;
        try {
            statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(fetchSize);
            ResultSet rs = statement.executeQuery(sql);
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            List<Column> columns = new ArrayList<>(n);
            PgTypes.Reader[] readers = new PgTypes.Reader[n];
            Set<String> used = new HashSet<>();
            for (int i = 1; i <= n; i++) {
                String name = md.getColumnLabel(i);
                PgTypes.Mapping mapping = PgTypes.map(md, i);
                readers[i - 1] = mapping.reader();
                columns.add(new Column(unique(name, used), mapping.engineType(), !notNull.contains(name)));
            }
            return new Read(statement, rs, columns, readers, what);
        } catch (SQLException e) {
            closeQuietly(statement);
            endTransaction();
            throw failure("reading " + what + " failed at", e);
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

    /** Rows being read: the columns are known, the rows are fetched by {@link #copyTo}. */
    final class Read implements AutoCloseable {
        private final Statement statement;
        private final ResultSet rows;
        private final List<Column> columns;
        private final PgTypes.Reader[] readers;
        private final String what;

        private Read(Statement statement, ResultSet rows, List<Column> columns, PgTypes.Reader[] readers, String what) {
            this.statement = statement;
            this.rows = rows;
            this.columns = List.copyOf(columns);
            this.readers = readers;
            this.what = what;
        }

        /** @return the engine columns: source names (made unique), engine types, nullability */
        List<Column> columns() {
            return columns;
        }

        /**
         * Appends every row.
         *
         * @param cancelled asked every {@value #CHECK_EVERY} rows; reading stops with a
         *                  {@link CancellationException} when it says so
         * @param progress  told the number of rows read so far, every {@value #CHECK_EVERY} rows
         * @return the number of rows appended
         */
        long copyTo(TableAppender appender, BooleanSupplier cancelled, LongConsumer progress) {
            Object[] row = new Object[readers.length];
            long count = 0;
            int column = -1;
            try {
                while (true) {
                    column = -1;
                    if (!rows.next()) {
                        break;
                    }
                    for (column = 0; column < readers.length; column++) {
                        row[column] = readers[column].read(rows, column + 1);
                    }
                    column = -1;
                    appender.append(row);
                    count++;
                    if (count % CHECK_EVERY == 0) {
                        if (cancelled.getAsBoolean()) {
                            throw new CancellationException("reading " + what + " from PostgreSQL at " + server
                                    + " was cancelled after " + count + " rows");
                        }
                        progress.accept(count);
                    }
                }
                progress.accept(count);
                return count;
            } catch (SQLException e) {
                String where = column >= 0 ? ", column '" + columns.get(column).name() + "', row " + (count + 1)
                        : " after " + count + " rows";
                throw new InvalidRequestException("reading " + what + " from PostgreSQL at " + server + " failed" + where
                        + ": " + PgSource.serverMessage(e));
            } catch (EngineException e) {
                throw new InvalidRequestException("reading " + what + " from PostgreSQL at " + server + " failed: "
                        + e.getMessage());
            }
        }

        /** Ends the read-only transaction and releases the cursor. */
        @Override
        public void close() {
            closeQuietly(statement);
            endTransaction();
        }
    }

    private InvalidRequestException failure(String what, SQLException e) {
        return new InvalidRequestException(what + " PostgreSQL at " + server + ": " + PgSource.serverMessage(e));
    }

    /** Rolls the read-only transaction back (nothing to keep), so the next statement starts a fresh one. */
    private void endTransaction() {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            // the connection is gone; the caller closes it
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closed as far as it goes
            }
        }
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
}

package org.dataanalyst.connector.postgres.internal;

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

import org.dataanalyst.api.Column;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.TableAppender;
import org.dataanalyst.spi.connector.SourceTable;

/**
 * The connector's core, free of the platform: given a connection made by {@link PgSource#connect}
 * (read-only, autocommit off), it finds tables, lists them, and streams the rows of a table or a query
 * into a {@link TableAppender}. Every failure is an {@link InvalidRequestException} whose message names
 * the server.
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
     */
    record Relation(String schema, String name, String kind, long estimatedRows, Set<String> notNull) {
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
                relation = new Relation(rs.getString(2), rs.getString(3), kind, estimate > 0 ? estimate : -1, Set.of());
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
                    Set.copyOf(notNull));
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

    /** Starts reading a whole table; its NOT NULL columns are not nullable. */
    Read openTable(Relation relation, int fetchSize) {
        String sql = "SELECT * FROM " + PgTableName.quote(relation.schema()) + "." + PgTableName.quote(relation.name());
        return open(sql, relation.notNull(), fetchSize, "table " + relation.qualifiedName());
    }

    /**
     * Starts reading a query's rows (every column nullable). The query runs in a read-only transaction, so
     * writes are refused by the server.
     *
     * @throws InvalidRequestException when it is not one read-only statement, or the server refuses it
     */
    Read openQuery(String query, int fetchSize) {
        String statement;
        try {
            statement = SqlText.readOnlyStatement(query);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("option query: " + e.getMessage());
        }
        return open(statement, Set.of(), fetchSize, "the query");
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

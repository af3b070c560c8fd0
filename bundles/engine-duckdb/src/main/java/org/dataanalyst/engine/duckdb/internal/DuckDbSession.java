package org.dataanalyst.engine.duckdb.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.api.engine.TableAppender;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One sandboxed in-memory DuckDB database; see {@link DuckDbEngine} for the sandbox. */
final class DuckDbSession implements EngineSession {

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbSession.class);

    /** A table name the appender accepts. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** What an engine type name may contain: nothing that could end the column definition. */
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_ ]*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?(\\s*\\[\\])*");

    private final Connection connection;
    private final Path workspace;
    private final Path tempFolder;
    private final Consumer<DuckDbSession> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    DuckDbSession(Connection connection, Path workspace, Path tempFolder, Consumer<DuckDbSession> onClose) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.tempFolder = Objects.requireNonNull(tempFolder, "tempFolder");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
    }

    @Override
    public QueryResult query(String sql) {
        Objects.requireNonNull(sql, "sql");
        checkOpen();
        // a new Statement each time: DuckDB's driver closes a Statement whose execution failed
        try (Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                throw new EngineException("The statement returned no rows; use execute for it");
            }
            try (ResultSet rs = statement.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                List<Column> columns = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    columns.add(new Column(md.getColumnLabel(i), md.getColumnTypeName(i),
                            md.isNullable(i) != ResultSetMetaData.columnNoNulls));
                }
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(value(rs, i));
                    }
                    rows.add(row);
                }
                return new QueryResult(columns, rows);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public long execute(String sql) {
        Objects.requireNonNull(sql, "sql");
        checkOpen();
        try (Statement statement = connection.createStatement()) {
            if (statement.execute(sql)) {
                // DuckDB reports the rows of INSERT/COPY as a one-row "Count" result
                try (ResultSet rs = statement.getResultSet()) {
                    if (rs.getMetaData().getColumnCount() == 1 && rs.next() && rs.getObject(1) instanceof Number n) {
                        return n.longValue();
                    }
                    return 0;
                }
            }
            return Math.max(0, statement.getLargeUpdateCount());
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public TableAppender appender(String table, List<Column> columns) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(columns, "columns");
        checkOpen();
        if (!IDENTIFIER.matcher(table).matches()) {
            throw new EngineException("'" + table + "' is not a plain table name (letters, digits and underscores, "
                    + "not starting with a digit, at most 63 characters)");
        }
        if (columns.isEmpty()) {
            throw new EngineException("Table " + table + " needs at least one column");
        }
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(quote(table)).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (!TYPE.matcher(c.type()).matches()) {
                throw new EngineException("Column '" + c.name() + "': '" + c.type() + "' is not an engine type");
            }
            ddl.append(i == 0 ? "" : ", ").append(quote(c.name())).append(' ').append(c.type());
            if (!c.nullable()) {
                ddl.append(" NOT NULL");
            }
        }
        execute(ddl.append(')').toString());
        boolean created = true;
        try {
            List<ValueType> types = new ArrayList<>(columns.size());
            List<Object> reported = new ArrayList<>();
            for (List<Object> row : query("SELECT data_type FROM duckdb_columns() WHERE database_name = current_database() "
                    + "AND schema_name = 'main' AND table_name = " + DuckDbEngine.literal(table)
                    + " ORDER BY column_index").rows()) {
                reported.add(row.get(0));
            }
            for (int i = 0; i < columns.size(); i++) {
                String type = (String) reported.get(i);
                ValueType valueType = ValueType.of(type);
                if (valueType == null) {
                    throw new EngineException("Column '" + columns.get(i).name() + "': the appender does not support "
                            + "the type " + type + " (it supports " + ValueType.SUPPORTED + ")");
                }
                types.add(valueType);
            }
            // the rows go in as one transaction: without it every 2,048-row chunk the appender flushes is a commit
            execute("BEGIN TRANSACTION");
            DuckDBAppender appender;
            try {
                appender = connection.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table);
            } catch (SQLException | RuntimeException e) {
                execute("ROLLBACK");
                throw e;
            }
            created = false;
            return new DuckDbTableAppender(table, appender, columns, types, this::execute);
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            if (created) {
                try {
                    execute("DROP TABLE IF EXISTS " + quote(table));
                } catch (EngineException e) {
                    LOG.debug("Dropping table {} after a failed appender failed: {}", table, e.toString());
                }
            }
        }
    }

    /** A double-quoted SQL identifier. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Closing the engine session on {} failed: {}", workspace, e.toString());
        } finally {
            deleteRecursively(tempFolder);
            onClose.accept(this);
            LOG.debug("Engine session on {} closed", workspace);
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new EngineException("The engine session is closed");
        }
    }

    private EngineException failure(SQLException e) {
        if (closed.get()) {
            return new EngineException("The engine session was closed while a statement ran", e);
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        return new EngineException(message, e);
    }

    /** Converts a value to the plain Java types documented on {@link QueryResult}. */
    static Object value(ResultSet rs, int column) throws SQLException {
        Object o = rs.getObject(column);
        if (o == null || o instanceof Long || o instanceof Double || o instanceof BigDecimal
                || o instanceof String || o instanceof Boolean
                || o instanceof LocalDate || o instanceof LocalTime || o instanceof LocalDateTime
                || o instanceof OffsetDateTime) {
            return o;
        }
        if (o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return ((Number) o).longValue();
        }
        if (o instanceof Float f) {
            return Double.valueOf(Float.toString(f)); // 1.1f -> 1.1, not 1.100000023841858
        }
        if (o instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (o instanceof Timestamp) {
            return rs.getObject(column, LocalDateTime.class);
        }
        if (o instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (o instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        return rs.getString(column);
    }

    static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Cannot delete the engine's temporary folder {}: {}", folder, e.toString());
        }
    }
}

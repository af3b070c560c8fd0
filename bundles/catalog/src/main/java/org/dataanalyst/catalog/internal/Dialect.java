package org.dataanalyst.catalog.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What differs between the two databases the catalog runs on. */
enum Dialect {

    SQLITE("jdbc:sqlite:") {
        @Override
        Connection open(String url, String user, String password, Role role) throws SQLException {
            createParentFolder(url);
            SQLiteConfig config = new SQLiteConfig();
            config.enforceForeignKeys(true);
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
            if (role == Role.WRITER) {
                // The writer is opened first and alone; it switches the file to WAL once for all.
                config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            }
            Connection connection = connect(new org.sqlite.JDBC().connect(url, config.toProperties()), url);
            if (role == Role.READER) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA query_only = true");
                } catch (SQLException e) {
                    connection.close();
                    throw e;
                }
            }
            // Transactions are begun and ended explicitly (see begin/commit): in manual-commit mode the
            // driver re-begins a transaction right after every commit, which for the writer would hold
            // the database's write lock while idle.
            return connection;
        }

        @Override
        void begin(Connection connection, Role role) throws SQLException {
            // IMMEDIATE takes the write lock at BEGIN rather than on the first write: no lock upgrade,
            // hence no SQLITE_BUSY that the busy timeout cannot resolve.
            execute(connection, role == Role.WRITER ? "BEGIN IMMEDIATE" : "BEGIN");
        }

        @Override
        void commit(Connection connection) throws SQLException {
            execute(connection, "COMMIT");
        }

        @Override
        void rollback(Connection connection) throws SQLException {
            try {
                execute(connection, "ROLLBACK");
            } catch (SQLException e) {
                // SQLite ends the transaction itself after some errors (e.g. SQLITE_FULL): nothing to undo then.
                if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
                    throw e;
                }
            }
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            return resultCode(e) == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || resultCode(e) == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
        }

        @Override
        boolean isForeignKeyViolation(SQLException e) {
            return resultCode(e) == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY;
        }

        @Override
        void lockForMigration(Connection connection) {
            // The single writer connection begins its transactions IMMEDIATE: the file is locked already.
        }

        private SQLiteErrorCode resultCode(SQLException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLiteException sqlite) {
                    return sqlite.getResultCode();
                }
            }
            return null;
        }

        private void createParentFolder(String url) throws SQLException {
            String file = url.substring(prefix().length());
            int query = file.indexOf('?');
            if (query >= 0) {
                file = file.substring(0, query);
            }
            if (file.isEmpty() || file.startsWith(":") || file.startsWith("file:")) {
                return;
            }
            Path parent = Path.of(file).toAbsolutePath().getParent();
            try {
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (java.io.IOException e) {
                throw new SQLException("cannot create the folder of the catalog database " + parent + ": " + e, e);
            }
        }
    },

    POSTGRESQL("jdbc:postgresql:") {
        @Override
        Connection open(String url, String user, String password, Role role) throws SQLException {
            Properties properties = new Properties();
            if (!user.isEmpty()) {
                properties.setProperty("user", user);
            }
            if (!password.isEmpty()) {
                properties.setProperty("password", password);
            }
            properties.setProperty("ApplicationName", "data-analyst");
            Connection connection = connect(new org.postgresql.Driver().connect(url, properties), url);
            connection.setAutoCommit(false);
            return connection;
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            return hasState(e, "23505");
        }

        @Override
        boolean isForeignKeyViolation(SQLException e) {
            return hasState(e, "23503");
        }

        @Override
        void lockForMigration(Connection connection) throws SQLException {
            // Several platform nodes may share one PostgreSQL catalog and start at once: one migrates,
            // the others wait for it and then find nothing to do. Released at the end of the transaction.
            try (Statement statement = connection.createStatement()) {
                statement.execute("LOCK TABLE schema_version IN SHARE ROW EXCLUSIVE MODE");
            }
        }

        @Override
        void begin(Connection connection, Role role) {
            // manual-commit mode: a transaction begins with the first statement
        }

        @Override
        void commit(Connection connection) throws SQLException {
            connection.commit();
        }

        @Override
        void rollback(Connection connection) throws SQLException {
            connection.rollback();
        }

        private boolean hasState(SQLException e, String state) {
            for (SQLException s = e; s != null; s = s.getNextException()) {
                if (state.equals(s.getSQLState())) {
                    return true;
                }
            }
            return false;
        }
    };

    /** How long an SQLite connection waits for a lock held by another connection before failing. */
    static final int BUSY_TIMEOUT_MS = 30_000;

    /** What a connection is used for. */
    enum Role { READER, WRITER }

    private final String prefix;

    Dialect(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /** @return the dialect of a JDBC URL */
    static Dialect of(String jdbcUrl) {
        for (Dialect dialect : values()) {
            if (jdbcUrl.startsWith(dialect.prefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("unsupported catalog JDBC URL " + redact(jdbcUrl)
                + ": it must start with jdbc:sqlite: or jdbc:postgresql:");
    }

    /** Opens a connection in manual-commit mode. */
    abstract Connection open(String url, String user, String password, Role role) throws SQLException;

    /** Begins a transaction. */
    abstract void begin(Connection connection, Role role) throws SQLException;

    abstract void commit(Connection connection) throws SQLException;

    /** Rolls back the current transaction, if any. */
    abstract void rollback(Connection connection) throws SQLException;

    abstract boolean isUniqueViolation(SQLException e);

    abstract boolean isForeignKeyViolation(SQLException e);

    /** Serializes concurrent migrations; called inside the migration transaction. */
    abstract void lockForMigration(Connection connection) throws SQLException;

    /** @return whether the failure means the connection itself is unusable (and must not be pooled again) */
    static boolean isConnectionBroken(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08");
    }

    /** @return a JDBC URL fit for a log line: without its query part, which may hold a password */
    static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        String url = jdbcUrl;
        int query = url.indexOf('?');
        if (query >= 0) {
            url = url.substring(0, query) + "?…";
        }
        int at = url.indexOf('@');
        int scheme = url.indexOf("//");
        if (at > 0 && scheme >= 0 && at > scheme) {
            url = url.substring(0, scheme + 2) + "…@" + url.substring(at + 1);
        }
        return url;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(Connection connection, String url) throws SQLException {
        if (connection == null) {
            throw new SQLException("the JDBC driver does not accept the URL " + redact(url));
        }
        return connection;
    }
}

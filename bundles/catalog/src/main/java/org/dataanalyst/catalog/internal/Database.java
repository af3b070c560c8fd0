package org.dataanalyst.catalog.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

import org.dataanalyst.catalog.internal.Dialect.Role;

/**
 * Connections and transactions of the catalog database.
 *
 * <p>SQLite allows one writer at a time, so it gets one dedicated writer connection (writes are
 * serialized in-process by a pool of one, each in a {@code BEGIN IMMEDIATE} transaction) and a pool
 * of read-only connections that, thanks to WAL, read concurrently with the writer and each other.
 * PostgreSQL gets one pool for both. Every unit of work is one transaction: committed when it
 * returns, rolled back when it throws.
 *
 * <p>{@link #commits()} counts write transactions (migrations included) and changes after each one
 * ended, before {@link #write} returns. On SQLite the catalog file is assumed to be owned by this one
 * process, so that counter tells {@link PageCache} without any SQL whether something was committed.
 */
final class Database implements AutoCloseable {

    /** A unit of work on a connection; runs inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** How long a caller waits for a free connection before failing. */
    private static final long WAIT_MILLIS = 30_000;

    private final Dialect dialect;
    private final String redactedUrl;
    private final ConnectionPool writers;
    private final ConnectionPool readers;
    /** Write transactions ended (committed or not); see {@link #commits()}. */
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param poolSize connections for concurrent work (SQLite: readers, plus one writer)
     */
    Database(String url, String user, String password, int poolSize) {
        this.dialect = Dialect.of(url);
        this.redactedUrl = Dialect.redact(url);
        if (dialect == Dialect.SQLITE) {
            this.writers = new ConnectionPool("writer", 1, WAIT_MILLIS, () -> dialect.open(url, user, password, Role.WRITER));
            // An in-memory database exists only on its own connection: everything goes through the writer.
            this.readers = url.contains(":memory:") || url.contains("mode=memory")
                    ? writers
                    : new ConnectionPool("reader", poolSize, WAIT_MILLIS, () -> dialect.open(url, user, password, Role.READER));
        } else {
            this.writers = new ConnectionPool("connection", poolSize, WAIT_MILLIS, () -> dialect.open(url, user, password, Role.WRITER));
            this.readers = writers;
        }
    }

    /**
     * @return whether reads use SQLite connections of their own, which then see every commit as made by
     *         another connection (see {@link PageCache})
     */
    boolean hasSqliteReaders() {
        return dialect == Dialect.SQLITE && readers != writers;
    }

    Dialect dialect() {
        return dialect;
    }

    /** @return the URL without credentials or options, fit for a log line */
    String redactedUrl() {
        return redactedUrl;
    }

    /** Runs read-only work in a transaction (one consistent snapshot on SQLite). */
    <T> T read(Work<T> work) {
        return execute(readers, Role.READER, work);
    }

    /** Runs work that writes, in a transaction; {@link #commits()} has changed when it returns or throws. */
    <T> T write(Work<T> work) {
        try {
            return execute(writers, Role.WRITER, work);
        } finally {
            // After the commit, before returning. Also bumped when the work failed: a commit that threw
            // may still have happened, and an extra cache miss costs nothing.
            commits.incrementAndGet();
        }
    }

    /**
     * @return a number that changes after every write transaction made through this instance, before
     *         {@link #write} returns; it never changes for commits made by other connections
     */
    long commits() {
        return commits.get();
    }

    /** @throws IllegalStateException when closed */
    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the catalog is closed");
        }
    }

    private <T> T execute(ConnectionPool pool, Role role, Work<T> work) {
        Connection connection;
        try {
            connection = pool.borrow();
        } catch (SQLException e) {
            throw new CatalogStorageException("cannot connect to the catalog database " + redactedUrl + ": " + e.getMessage(), e);
        }
        boolean broken = false;
        try {
            dialect.begin(connection, pool == writers ? Role.WRITER : role);
            T result = work.run(connection);
            dialect.commit(connection);
            return result;
        } catch (SQLException e) {
            broken = Dialect.isConnectionBroken(e) || !rollback(connection);
            throw new CatalogStorageException("catalog database failure: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            broken = !rollback(connection);
            throw e;
        } finally {
            pool.release(connection, broken);
        }
    }

    /** @return whether the connection is still fit for use */
    private boolean rollback(Connection connection) {
        try {
            dialect.rollback(connection);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        readers.close();
        writers.close();
    }
}

package org.dataanalyst.catalog.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small, bounded pool of JDBC connections opened on demand. A fair semaphore bounds how many are
 * in use; idle ones are reused most-recently-used first. A connection that failed with a connection
 * error is closed instead of being returned.
 */
final class ConnectionPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    /** Opens a new connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final String name;
    private final Opener opener;
    private final Semaphore permits;
    private final long waitMillis;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /**
     * @param name       for messages, e.g. {@code "reader"}
     * @param size       most connections open at once
     * @param waitMillis how long {@link #borrow()} waits for a free connection
     */
    ConnectionPool(String name, int size, long waitMillis, Opener opener) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be >= 1, was " + size);
        }
        this.name = name;
        this.opener = opener;
        this.permits = new Semaphore(size, true);
        this.waitMillis = waitMillis;
    }

    /** @return a connection that must be given back with {@link #release} */
    Connection borrow() throws SQLException {
        checkOpen();
        try {
            if (!permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new SQLException("no catalog " + name + " connection became free within " + waitMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a catalog connection", e);
        }
        try {
            checkOpen();
            Connection connection;
            while ((connection = idle.pollFirst()) != null) {
                if (!connection.isClosed()) {
                    return connection;
                }
            }
            return opener.open();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /**
     * Gives a connection back.
     *
     * @param broken whether it must be closed rather than reused
     */
    void release(Connection connection, boolean broken) {
        try {
            if (broken || closed) {
                closeQuietly(connection);
            } else {
                idle.offerFirst(connection);
                if (closed) {
                    drain();
                }
            }
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        drain();
    }

    private void drain() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            closeQuietly(connection);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the catalog is closed");
        }
    }

    private void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a catalog {} connection failed", name, e);
        }
    }
}

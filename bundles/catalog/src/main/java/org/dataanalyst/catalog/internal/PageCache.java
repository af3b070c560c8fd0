package org.dataanalyst.catalog.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.dataanalyst.api.Page;

/**
 * Caches pages of a hot list (the project list, which the UI and API clients poll) for SQLite, and
 * drops them as soon as anything is committed to the database, by whatever connection or process.
 *
 * <p>How a change is noticed: SQLite's {@code PRAGMA data_version} on a connection changes when any
 * <em>other</em> connection committed since that connection last asked. Reader connections never
 * write, so every commit (of our writer or of anybody else) shows up on each reader the next time it
 * asks; whichever reader first notices it bumps a shared generation, and a cached page is only used
 * while the generation it was read at is current. A cache hit costs one pragma instead of a count and
 * a page query with 50 rows to map.
 *
 * <p>Not used for PostgreSQL, where other platform nodes may write and there is no such cheap signal.
 */
final class PageCache<T> {
    /** At most this many pages are kept (a client paging through everything must not grow it). */
    private static final int MAX_ENTRIES = 64;

    private record Key(int offset, int limit) {
    }

    private record Entry<T>(long generation, Page<T> page) {
    }

    /** A query for one page. */
    @FunctionalInterface
    interface Loader<T> {
        Page<T> load(Connection connection, int offset, int limit) throws SQLException;
    }

    private final AtomicLong generation = new AtomicLong();
    /** The data_version each reader connection saw last; a connection is used by one thread at a time. */
    private final Map<Connection, Long> seen = new ConcurrentHashMap<>();
    private final Map<Key, Entry<T>> pages = new ConcurrentHashMap<>();

    /** Returns the page from the cache if nothing was committed since it was read, else loads it on {@code connection}. */
    Page<T> get(Connection connection, int offset, int limit, Loader<T> loader) throws SQLException {
        long current = observe(connection);
        Key key = new Key(offset, limit);
        Entry<T> entry = pages.get(key);
        if (entry != null && entry.generation() == current) {
            return entry.page();
        }
        Page<T> page = loader.load(connection, offset, limit);
        if (pages.size() >= MAX_ENTRIES) {
            pages.clear();
        }
        pages.put(key, new Entry<>(current, page));
        return page;
    }

    private long observe(Connection connection) throws SQLException {
        long version;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA data_version")) {
            rs.next();
            version = rs.getLong(1);
        }
        Long last = seen.put(connection, version);
        // First time on this connection, or a commit since it last asked: whatever is cached may be older.
        return last == null || last != version ? generation.incrementAndGet() : generation.get();
    }
}

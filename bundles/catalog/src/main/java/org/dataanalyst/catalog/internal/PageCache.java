package org.dataanalyst.catalog.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.dataanalyst.api.Page;

/**
 * Caches pages of a hot list (the project list, which the UI and API clients poll) for SQLite, so
 * that a cache hit needs no database connection at all: no wait in the fair reader pool, no SQL.
 *
 * <p><b>Assumption: one process owns the SQLite catalog file.</b> Every commit the platform makes goes
 * through the single writer connection of {@link Database}, which bumps an in-process counter
 * ({@link Database#commits()}) after each write transaction, before the write call returns. A cached
 * page is used only while the counter still has the value it had <em>before</em> the page was loaded;
 * a page loaded while a write commits is therefore tagged with the older value and discarded on the
 * next request. So a write that returned is seen by every later read, in any thread, without SQL.
 *
 * <p>Commits by anybody else (another process, a second catalog instance on the same file, raw SQL)
 * are not supported as a normal way of working, but are still noticed with a bounded delay: at most
 * once per {@link #FOREIGN_CHECK_INTERVAL_MILLIS} one request asks SQLite's {@code PRAGMA data_version}
 * on a reader connection (it changes when any other connection committed) and, when it changed, drops
 * the cache. A foreign commit thus shows in the project list at most about that long after it
 * returned (precisely: one interval plus the duration of a check or two, while requests keep coming).
 * The other requests meanwhile keep using the cache and do not wait for that check.
 *
 * <p>Not used for PostgreSQL, where other platform nodes may write and there is no such cheap signal.
 */
final class PageCache<T> {
    /** At most this many pages are kept (a client paging through everything must not grow it). */
    private static final int MAX_ENTRIES = 64;

    /** How often, at most, commits by other connections than ours are looked for. */
    static final long FOREIGN_CHECK_INTERVAL_MILLIS = 250;

    private record Key(int offset, int limit) {
    }

    /** A page with the generations that were current before it was loaded. */
    private record Entry<T>(long commits, long foreign, Page<T> page) {
    }

    /** Loads one page (borrowing a connection of its own). */
    @FunctionalInterface
    interface Loader<T> {
        Page<T> load(int offset, int limit);
    }

    /** Tells whether anything may have been committed by others since it was last asked. */
    @FunctionalInterface
    interface ForeignCommits {
        boolean changed();
    }

    private final LongSupplier commits;
    private final ForeignCommits foreignCommits;
    private final long checkIntervalNanos;
    private final LongSupplier nanoClock;
    /** Bumped whenever {@link #foreignCommits} reports a change. */
    private final AtomicLong foreign = new AtomicLong();
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile long nextCheckNanos;
    private final Map<Key, Entry<T>> pages = new ConcurrentHashMap<>();

    /** A cache for the SQLite {@code database}, invalidated by its commits and, within 250 ms, by others'. */
    PageCache(Database database) {
        this(database::commits, new DataVersion(database), TimeUnit.MILLISECONDS.toNanos(FOREIGN_CHECK_INTERVAL_MILLIS),
                System::nanoTime);
    }

    /**
     * @param commits            in-process commit counter; must change after each of our commits
     * @param foreignCommits     asked at most once per {@code checkIntervalNanos}
     * @param nanoClock          like {@link System#nanoTime()}
     */
    PageCache(LongSupplier commits, ForeignCommits foreignCommits, long checkIntervalNanos, LongSupplier nanoClock) {
        this.commits = commits;
        this.foreignCommits = foreignCommits;
        this.checkIntervalNanos = checkIntervalNanos;
        this.nanoClock = nanoClock;
        this.nextCheckNanos = nanoClock.getAsLong();
    }

    /** Returns the page from the cache if nothing was committed since it was read, else loads it. */
    Page<T> get(int offset, int limit, Loader<T> loader) {
        checkForeignCommitsIfDue();
        // Read the generations BEFORE loading: a page loaded while a commit happens is tagged as older.
        long c = commits.getAsLong();
        long f = foreign.get();
        Key key = new Key(offset, limit);
        Entry<T> entry = pages.get(key);
        if (entry != null && entry.commits() == c && entry.foreign() == f) {
            return entry.page();
        }
        Page<T> page = loader.load(offset, limit);
        if (pages.size() >= MAX_ENTRIES) {
            pages.clear();
        }
        pages.put(key, new Entry<>(c, f, page));
        return page;
    }

    private void checkForeignCommitsIfDue() {
        if (nanoClock.getAsLong() - nextCheckNanos < 0 || !checking.compareAndSet(false, true)) {
            return; // not due, or another thread is checking: the cache is good enough meanwhile
        }
        try {
            if (foreignCommits.changed()) {
                foreign.incrementAndGet();
            }
            nextCheckNanos = nanoClock.getAsLong() + checkIntervalNanos;
        } finally {
            checking.set(false);
        }
    }

    /**
     * {@code PRAGMA data_version} on reader connections: it changes when any <em>other</em> connection
     * committed since that connection last asked. Readers never write, so every commit shows up, ours
     * included (a harmless extra miss per check at most).
     */
    private static final class DataVersion implements ForeignCommits {
        private final Database database;
        /** The data_version each reader connection saw last. */
        private final Map<Connection, Long> seen = new ConcurrentHashMap<>();

        DataVersion(Database database) {
            this.database = database;
        }

        @Override
        public boolean changed() {
            return database.read(connection -> {
                long version;
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("PRAGMA data_version")) {
                    rs.next();
                    version = rs.getLong(1);
                }
                Long last = seen.put(connection, version);
                // First time on this connection, or a commit since it last asked.
                return last == null || last != version;
            });
        }
    }
}

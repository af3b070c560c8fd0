package org.dataanalyst.profiling.internal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.QueryResult;

/**
 * The queries profilers run themselves ({@code ProfileInput.query}): read-only statements over the views
 * {@code data} and {@code data_in_file_order}, one at a time, in an engine session of their own — opened at the first such query — so that
 * a slow one never blocks the profile's own scans, and a profiler abandoned for its budget cannot touch them.
 */
final class ProfilerQueries implements AutoCloseable {

    private static final Set<String> READ_ONLY = Set.of("select", "with", "from", "values", "table", "describe",
            "summarize", "explain", "pivot", "unpivot", "show", "(");

    private final Engine engine;
    private final Path workspace;
    private final String viewSql;
    private final String orderedViewSql;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger scans = new AtomicInteger();
    private EngineSession session;
    private volatile boolean closed;

    /**
     * @param viewSql        creates the view {@code data}
     * @param orderedViewSql creates the view {@code data_in_file_order}; it may fail (a column {@code __row} in the
     *                       data), and then only queries of that view fail
     */
    ProfilerQueries(Engine engine, Path workspace, String viewSql, String orderedViewSql) {
        this.engine = engine;
        this.workspace = workspace;
        this.viewSql = viewSql;
        this.orderedViewSql = orderedViewSql;
    }

    /** @return how many queries ran */
    int scans() {
        return scans.get();
    }

    QueryResult query(String sql) {
        checkReadOnly(sql);
        lock.lock();
        try {
            if (closed) throw new IllegalStateException("the profile has ended; no more queries");
            if (session == null) {
                session = engine.open(workspace);
                session.execute(viewSql);
                try {
                    session.execute(orderedViewSql);
                } catch (EngineException e) {
                    // the version has a column called __row (or file_row_number): no ordered view; queries of it say so
                }
            }
            scans.incrementAndGet();
            return session.query(sql);
        } finally {
            if (closed && session != null) { // the profile ended while this query ran
                session.close();
                session = null;
            }
            lock.unlock();
        }
    }

    /** Closes the session now, or as soon as a query still running (an abandoned profiler's) ends. */
    @Override
    public void close() {
        closed = true;
        if (lock.tryLock()) {
            try {
                if (session != null) {
                    session.close();
                    session = null;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * @throws IllegalArgumentException unless {@code sql} is one statement that starts like a query ({@code SELECT},
     *                                  {@code WITH}, {@code FROM}, {@code VALUES}, {@code DESCRIBE}, {@code SUMMARIZE}…)
     */
    static void checkReadOnly(String sql) {
        if (sql == null) throw new IllegalArgumentException("no SQL given");
        String first = null;
        int i = 0;
        int n = sql.length();
        boolean afterEnd = false;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (afterEnd) {
                throw new IllegalArgumentException("only one statement may run through ProfileInput.query; found more after ';'");
            } else if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < n) {
                    if (sql.charAt(end) == c) {
                        if (end + 1 < n && sql.charAt(end + 1) == c) end += 2; else break;
                    } else {
                        end++;
                    }
                }
                i = end + 1;
            } else if (c == ';') {
                afterEnd = true;
                i++;
            } else {
                if (first == null) {
                    int start = i;
                    if (c == '(') {
                        first = "(";
                        i++;
                        continue;
                    }
                    while (i < n && Character.isLetter(sql.charAt(i))) i++;
                    first = sql.substring(start, Math.max(i, start + 1)).toLowerCase(Locale.ROOT);
                    if (i == start) i++;
                } else {
                    i++;
                }
            }
        }
        if (first == null || !READ_ONLY.contains(first)) {
            throw new IllegalArgumentException("only a read-only query (SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE…) "
                    + "may run through ProfileInput.query; this one starts with '" + (first == null ? "" : first) + "'");
        }
    }
}

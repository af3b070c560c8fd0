package org.dataanalyst.connector.sqlite.internal;

import java.util.Locale;

/**
 * Checks that a user's query is one read-only statement: it must start with {@code SELECT}, {@code WITH}
 * or {@code VALUES} (after comments and parentheses) and hold no second statement. The connection is
 * read-only as well, so SQLite refuses writes either way; the check gives the clearer message and keeps
 * statements such as {@code ATTACH} (which could open another file on the server) out.
 *
 * <p>The scan knows SQLite's lexical structure: {@code '…'} strings, {@code "…"}, {@code [...]} and
 * {@code `…`} identifiers, {@code --} and {@code /* *}{@code /} comments.
 */
final class SqlText {

    private SqlText() {
    }

    /**
     * @return the statement without a trailing semicolon
     * @throws IllegalArgumentException saying what is wrong
     */
    static String readOnlyStatement(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("the query is empty");
        }
        String first = firstWord(sql);
        if (!first.equals("SELECT") && !first.equals("WITH") && !first.equals("VALUES")) {
            throw new IllegalArgumentException("the query must be a read-only SELECT (or WITH, VALUES), not "
                    + (first.isEmpty() ? "empty" : first));
        }
        int end = statementEnd(sql);
        if (end < sql.length()) {
            if (skip(sql, end + 1, false) < sql.length()) {
                throw new IllegalArgumentException("the query must be one statement; found more after ';'");
            }
            return sql.substring(0, end).strip();
        }
        return sql.strip();
    }

    private static String firstWord(String sql) {
        int i = skip(sql, 0, true);
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }

    private static int skip(String s, int i, boolean parentheses) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || (parentheses && c == '(')) {
                i++;
            } else if (s.startsWith("--", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (s.startsWith("/*", i)) {
                int close = s.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** The index of the first top-level ';', or the length when there is none. */
    static int statementEnd(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            switch (c) {
                case ';' -> {
                    return i;
                }
                case '\'' -> i = quotedEnd(s, i, '\'');
                case '"' -> i = quotedEnd(s, i, '"');
                case '`' -> i = quotedEnd(s, i, '`');
                case '[' -> {
                    int close = s.indexOf(']', i + 1);
                    i = close < 0 ? n : close + 1;
                }
                case '-', '/' -> {
                    int next = skip(s, i, false);
                    i = next == i ? i + 1 : next;
                }
                default -> i++;
            }
        }
        return n;
    }

    private static int quotedEnd(String s, int start, char quote) {
        int i = start + 1;
        while (i < s.length()) {
            if (s.charAt(i) == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return s.length();
    }
}

package org.dataanalyst.connector.postgres.internal;

import java.util.Locale;

/**
 * Checks that a user's query is one read-only statement before it is sent: it must start with
 * {@code SELECT}, {@code WITH}, {@code VALUES} or {@code TABLE} (after comments and parentheses) and hold
 * no second statement. A second statement could end the read-only transaction ({@code COMMIT}) and
 * write in the next one; the read-only transaction the query runs in refuses writes inside the one
 * statement (e.g. {@code WITH d AS (DELETE …) SELECT …}).
 *
 * <p>The scan knows PostgreSQL's lexical structure: {@code '…'} and {@code E'…'} strings, {@code "…"}
 * identifiers, {@code $tag$…$tag$} dollar quotes, {@code --} and nested {@code /* *}{@code /} comments.
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
        if (!first.equals("SELECT") && !first.equals("WITH") && !first.equals("VALUES") && !first.equals("TABLE")) {
            throw new IllegalArgumentException("the query must be a read-only SELECT (or WITH, VALUES, TABLE), not "
                    + (first.isEmpty() ? "empty" : first));
        }
        int end = statementEnd(sql);
        if (end < sql.length()) {
            String rest = sql.substring(end + 1);
            if (!firstWord(rest).isEmpty() || !onlyCommentsAndSpace(rest)) {
                throw new IllegalArgumentException("the query must be one statement; found more after ';'");
            }
            return sql.substring(0, end).strip();
        }
        return sql.strip();
    }

    /** The first keyword, upper case, skipping whitespace, comments and opening parentheses. */
    private static String firstWord(String sql) {
        int i = skip(sql, 0, true);
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }

    private static boolean onlyCommentsAndSpace(String text) {
        return skip(text, 0, false) >= text.length();
    }

    /** Skips whitespace and comments (and '(' when asked); returns the next index. */
    private static int skip(String s, int i, boolean parentheses) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || (parentheses && c == '(')) {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                i = lineEnd(s, i);
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                i = blockCommentEnd(s, i);
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
            if (c == ';') {
                return i;
            } else if (c == '\'') {
                boolean escapes = i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(s.charAt(i - 2)) && s.charAt(i - 2) != '_');
                i = quotedEnd(s, i, '\'', escapes);
            } else if (c == '"') {
                i = quotedEnd(s, i, '"', false);
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                i = lineEnd(s, i);
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                i = blockCommentEnd(s, i);
            } else if (c == '$' && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)) && s.charAt(i - 1) != '_')) {
                i = dollarQuoteEnd(s, i);
            } else {
                i++;
            }
        }
        return n;
    }

    private static int quotedEnd(String s, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
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

    private static int lineEnd(String s, int i) {
        int nl = s.indexOf('\n', i);
        return nl < 0 ? s.length() : nl + 1;
    }

    private static int blockCommentEnd(String s, int start) {
        int depth = 0;
        int i = start;
        while (i < s.length()) {
            if (s.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return s.length();
    }

    /** {@code $tag$ … $tag$}; a '$' that does not open a dollar quote (e.g. {@code $1}) is skipped alone. */
    private static int dollarQuoteEnd(String s, int start) {
        int i = start + 1;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        if (i >= s.length() || s.charAt(i) != '$' || (i > start + 1 && Character.isDigit(s.charAt(start + 1)))) {
            return start + 1;
        }
        String tag = s.substring(start, i + 1);
        int close = s.indexOf(tag, i + 1);
        return close < 0 ? s.length() : close + tag.length();
    }
}

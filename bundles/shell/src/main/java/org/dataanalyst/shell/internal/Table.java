package org.dataanalyst.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with aligned columns, as the commands return it:
 *
 * <pre>
 * ID   NAME   CREATED
 * 1a2  sales  2026-01-02 10:11:12Z
 * </pre>
 *
 * Cells are single lines (line breaks become spaces); cells longer than a column's limit are cut with "…".
 */
final class Table {

    /** No cell is wider than this many characters. */
    static final int MAX_CELL = 60;

    private final String[] headers;
    private final int maxCell;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers) {
        this(MAX_CELL, headers);
    }

    /** A table whose cells may be up to {@code maxCell} characters wide (for a last column of sentences). */
    Table(int maxCell, String... headers) {
        this.headers = headers.clone();
        this.maxCell = Math.max(2, maxCell);
    }

    Table row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("expected " + headers.length + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> cell(c, maxCell)).toArray(String[]::new));
        return this;
    }

    int size() {
        return rows.size();
    }

    @Override
    public String toString() {
        int[] widths = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            widths[c] = headers[c].length();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (String[] row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            line.append(cells[c]);
            if (c < cells.length - 1) {
                line.append(" ".repeat(widths[c] - cells[c].length() + 2));
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    static String cell(Object value) {
        return cell(value, MAX_CELL);
    }

    static String cell(Object value, int maxCell) {
        String text = value == null ? "-" : Text.of(value).replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return "-";
        }
        return text.length() > maxCell ? text.substring(0, maxCell - 1) + "…" : text;
    }
}

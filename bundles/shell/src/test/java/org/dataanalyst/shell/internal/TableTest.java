package org.dataanalyst.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Page;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void alignsColumnsToTheWidestCell() {
        String table = new Table("ID", "NAME", "CREATED")
                .row("1", "sales", Instant.parse("2026-01-02T10:11:12.345Z"))
                .row("22222", "x", null)
                .toString();
        assertEquals("""
                ID     NAME   CREATED
                1      sales  2026-01-02 10:11:12Z
                22222  x      -
                """, table);
    }

    @Test
    void keepsCellsOnOneLineAndShort() {
        assertEquals("a b c", Table.cell("a\nb\tc"));
        assertEquals("-", Table.cell(""));
        String cut = Table.cell("x".repeat(100));
        assertEquals(Table.MAX_CELL, cut.length());
        assertEquals('…', cut.charAt(cut.length() - 1));
    }

    @Test
    void aTableMayAllowWiderCells() {
        String long100 = "y".repeat(100);
        assertEquals("A\n" + long100 + "\n", new Table(200, "A").row(long100).toString());
    }

    @Test
    void refusesRowsOfAnotherWidth() {
        assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("only one"));
    }

    @Test
    void rendersValues() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("hello", "world");
        params.put("n", List.of(1, 2));
        assertEquals("{\"hello\": \"world\", \"n\": [1, 2]}", Text.json(params));
        assertEquals("[\"a\\\"b\"]", Text.json(List.of("a\"b")));
        assertEquals("{\"new_line\": \"\\n\", \"tab\": \"\\t\", \"bell\": \"\\u0007\"}",
                Text.json(ordered("new_line", "\n", "tab", "\t", "bell", "\u0007")), "one line, control characters escaped");
        assertEquals("""
                id:          1
                description: -
                """, Text.block("id", 1, "description", ""));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void saysWhereAPageIs() {
        assertEquals("2 of 2 projects\n", Text.footer(new Page<>(List.of("a", "b"), 0, 50, 2), "projects"));
        assertEquals("2 of 5 projects (offset 1; more with --offset 3)\n",
                Text.footer(new Page<>(List.of("a", "b"), 1, 2, 5), "projects"));
        assertEquals("1 of 5 projects (offset 4)\n", Text.footer(new Page<>(List.of("a"), 4, 2, 5), "projects"));
    }

    @Test
    void turnsARefusalIntoOneLine() {
        assertEquals("error: no project with id x\n", Text.attempt(() -> {
            throw new NotFoundException("no project\n with id x");
        }));
        assertEquals("ok", Text.attempt(() -> "ok"));
    }
}

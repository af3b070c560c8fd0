package org.dataanalyst.profiler.columns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.engine.duckdb.internal.DuckDbEngine;
import org.dataanalyst.spi.profiler.Profilers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text patterns as the engine runs them (RE2, full match): the first that matches, in priority order, names a value. */
class PatternsTest {

    @TempDir
    Path root;

    @Test
    void valuesGetThePatternAPersonWouldGiveThem() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("2026-10", "date");          // year-month, seen as "phone" in a real-world file before
        expected.put("2024-01-31", "date");
        expected.put("31/01/2024", "date");
        expected.put("2024-01-31T10:15:00Z", "date");
        expected.put("+1 555-010-9999", "phone");
        expected.put("(030) 1234 5678", "phone");
        expected.put("12.5", "number");
        expected.put("ada@example.org", "email");
        expected.put("https://example.org/x?y=1", "url");
        expected.put("123e4567-e89b-12d3-a456-426614174000", "uuid");
        expected.put("2026-13", "phone");         // no month 13: not a date
        expected.put("12/31/2024", "date");       // month/day or day/month: both are dates
        expected.put("1.0.12", null);             // a version number, seen as a date in a real-world file before
        expected.put("10.0.3", null);
        expected.put("2024-00-10", "phone");      // no month 0
        expected.put("hello", null);
        try (DuckDbEngine engine = new DuckDbEngine("256MB", 1, root.resolve("tmp"), "1GB");
             EngineSession session = engine.open(Files.createDirectories(root.resolve("ws")).toRealPath())) {
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String found = null;
                for (Map.Entry<String, String> p : ColumnsPlanner.PATTERNS.entrySet()) {
                    Object match = session.query("SELECT regexp_full_match(" + Profilers.literal(e.getKey()) + ", "
                            + Profilers.literal(p.getValue()) + ")").single();
                    if (Boolean.TRUE.equals(match)) {
                        found = p.getKey();
                        break;
                    }
                }
                assertEquals(e.getValue(), found, e.getKey());
            }
        }
        assertEquals(List.of("uuid", "email", "url", "date", "number", "phone"), List.copyOf(ColumnsPlanner.PATTERNS.keySet()));
    }
}

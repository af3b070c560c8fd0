package org.dataanalyst.runs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

    @Test
    void keyOrderIsIrrelevantAtEveryLevel() {
        Map<String, Object> inner1 = new LinkedHashMap<>();
        inner1.put("x", 1);
        inner1.put("y", List.of(Map.of("b", 2, "a", 1)));
        Map<String, Object> params1 = new LinkedHashMap<>();
        params1.put("one", inner1);
        params1.put("two", "text");

        Map<String, Object> inner2 = new LinkedHashMap<>();
        inner2.put("y", List.of(Map.of("a", 1, "b", 2)));
        inner2.put("x", 1L);
        Map<String, Object> params2 = new LinkedHashMap<>();
        params2.put("two", "text");
        params2.put("one", inner2);

        assertEquals(IdempotencyKey.of("profile", "d1", "v1", params1), IdempotencyKey.of("profile", "d1", "v1", params2));
    }

    @Test
    void theCanonicalFormIsSortedAndNumbersAreNormalized() {
        assertEquals("{\"dataset_version_id\":\"v1\",\"params\":{\"a\":1,\"b\":[2.5,\"x\"]},\"type\":\"t\"}",
                IdempotencyKey.canonicalJson("t", "d1", "v1", Map.of("b", List.of(2.50, "x"), "a", 1.0)));
        assertEquals("{\"dataset_id\":\"d1\",\"params\":{},\"type\":\"t\"}",
                IdempotencyKey.canonicalJson("t", "d1", null, Map.of()));
    }

    @Test
    void typeDatasetAndParamsEachMatter() {
        String key = IdempotencyKey.of("t", "d1", null, Map.of("a", 1));
        assertTrue(key.matches("[0-9a-f]{64}"));
        assertNotEquals(key, IdempotencyKey.of("u", "d1", null, Map.of("a", 1)));
        assertNotEquals(key, IdempotencyKey.of("t", "d2", null, Map.of("a", 1)));
        assertNotEquals(key, IdempotencyKey.of("t", "d1", "v1", Map.of("a", 1)));
        assertNotEquals(key, IdempotencyKey.of("t", "d1", null, Map.of("a", 2)));
        assertNotEquals(key, IdempotencyKey.of("t", "d1", null, Map.of("a", "1")));
    }
}

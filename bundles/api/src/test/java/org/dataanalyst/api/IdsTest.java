package org.dataanalyst.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsAreDistinctPrefixedAndUrlSafe() {
        Set<String> seen = Stream.generate(() -> Ids.next('p')).limit(10_000).collect(Collectors.toSet());
        assertEquals(10_000, seen.size());
        assertTrue(seen.stream().allMatch(id -> id.matches("p[a-z2-7]{12}")));
    }

    @Test
    void thePrefixIsALowerCaseLetter() {
        assertThrows(IllegalArgumentException.class, () -> Ids.next('P'));
        assertThrows(IllegalArgumentException.class, () -> Ids.next('/'));
    }
}

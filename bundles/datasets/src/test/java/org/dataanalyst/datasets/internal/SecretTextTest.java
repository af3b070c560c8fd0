package org.dataanalyst.datasets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dataanalyst.api.InvalidRequestException;
import org.junit.jupiter.api.Test;

class SecretTextTest {

    @Test
    void referencesAreFoundInStringsMapsAndLists() {
        assertEquals(Set.of("a", "b.c", "d"), SecretText.references(Map.of(
                "url", "x://${secret:a}@h/${secret:b.c}", "list", List.of("${secret:d}", 3), "n", 1)));
        assertEquals(Set.of(), SecretText.references(null));
        assertThrows(InvalidRequestException.class, () -> SecretText.references("${secret:../etc}"));
        assertThrows(InvalidRequestException.class, () -> SecretText.references("${secret:}"));
    }

    @Test
    void referencesResolveByName() {
        assertEquals("x://u:p$w\\d@h", SecretText.resolve("x://u:${secret:pw}@h", name -> "p$w\\d"));
        assertNull(SecretText.resolve(null, name -> "x"));
        assertTrue(SecretText.isReference(" ${secret:a} "));
        assertFalse(SecretText.isReference("x${secret:a}"));
    }

    @Test
    void theMaskerReplacesEveryKnownValueLongestFirst() {
        SecretText.Masker masker = new SecretText.Masker();
        masker.add("abc");
        masker.add("abcdef");
        masker.add(" ");
        masker.add(null);
        assertEquals("x *** y ***", masker.mask("x abcdef y abc"));
        assertEquals(Map.of("k", List.of("***", 1)), masker.mask((Object) Map.of("k", List.of("abc", 1))));
    }

    @Test
    void maskedFailuresKeepStackAndCausesButNotTheValue() {
        SecretText.Masker masker = new SecretText.Masker();
        masker.add("s3cr3t");
        IllegalStateException cause = new IllegalStateException("password s3cr3t refused");
        RuntimeException failure = new RuntimeException("cannot connect as ann:s3cr3t", cause);
        Exception masked = masker.mask(failure);
        assertEquals("cannot connect as ann:***", masked.getMessage());
        assertEquals("password *** refused", masked.getCause().getMessage());
        assertTrue(masked.toString().startsWith("java.lang.RuntimeException: "), masked.toString());
        assertEquals(failure.getStackTrace().length, masked.getStackTrace().length);
        java.io.StringWriter trace = new java.io.StringWriter();
        masked.printStackTrace(new java.io.PrintWriter(trace));
        assertFalse(trace.toString().contains("s3cr3t"), trace.toString());
    }
}

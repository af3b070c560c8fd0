package org.dataanalyst.runs.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.run.RunRequest;
import org.junit.jupiter.api.Test;

class CheckRunTypeTest {

    private final CheckRunType check = new CheckRunType();

    private void validate(Object hold) {
        Map<String, Object> params = new HashMap<>();
        params.put("hold_seconds", hold);
        check.validate("p", new RunRequest("check", null, null, params, false));
    }

    @Test
    void holdSecondsMustBeAnIntegerWithinRange() {
        assertDoesNotThrow(() -> validate(0));
        assertDoesNotThrow(() -> validate(3600));
        assertDoesNotThrow(() -> validate(5.0));
        assertDoesNotThrow(() -> validate(null));
        assertDoesNotThrow(() -> check.validate("p", new RunRequest("check", null, null, Map.of(), false)));
        for (Object bad : new Object[] {-1, 3601, 1.5, "5", true, Double.NaN, 1e20}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> validate(bad), String.valueOf(bad));
            assertTrue(e.getMessage().contains("hold_seconds must be an integer between 0 and 3600"), e.getMessage());
        }
    }

    @Test
    void unknownParametersAreRefused() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> check.validate("p", new RunRequest("check", null, null, Map.of("hold", 1), false)));
        assertEquals("unknown parameter 'hold' for run type 'check'; known parameters: hold_seconds", e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDescriptorHasAnOptionsSchema() {
        Descriptor d = check.descriptor();
        assertEquals("check", d.name());
        assertTrue(d.description().contains("cancellation and crash recovery"));
        Map<String, Object> hold = (Map<String, Object>) ((Map<String, Object>) d.optionsSchema().get("properties")).get("hold_seconds");
        assertEquals("integer", hold.get("type"));
        assertEquals(0, hold.get("minimum"));
        assertEquals(3600, hold.get("maximum"));
        assertEquals(0, hold.get("default"));
    }
}

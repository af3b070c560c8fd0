package org.dataanalyst.tests.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesJsonCompatibleValues() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("hello", "world");
        params.put("n", 42);
        params.put("x", new BigDecimal("1.5"));
        params.put("ok", true);
        params.put("none", null);
        params.put("list", Arrays.asList(1, "two", null));
        params.put("nested", Map.of("a", List.of()));
        assertEquals("{\"hello\":\"world\",\"n\":42,\"x\":1.5,\"ok\":true,\"none\":null,\"list\":[1,\"two\",null],"
                + "\"nested\":{\"a\":[]}}", Json.write(params));
    }

    @Test
    void escapesStrings() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", Json.write("a\"b\\c\nd\u0001"));
        assertEquals("{}", Json.write(Map.of()));
        assertEquals("null", Json.write(Double.NaN));
    }
}

package org.dataanalyst.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.InvalidRequestException;
import org.junit.jupiter.api.Test;

class IngestArgumentsTest {

    @Test
    void takesFourWordsAndAnyNumberOfOptionsInAnyOrder() {
        IngestArguments args = IngestArguments.parse("-o", "header=true", "sales", "orders", "--option", "delim=;",
                "csv", "imports/orders.csv", "-o", "nullstr=");
        assertEquals(new IngestArguments("sales", "orders", "csv", "imports/orders.csv",
                ordered("header", "true", "delim", ";", "nullstr", "")), args);
        assertEquals(List.of("header", "delim", "nullstr"), List.copyOf(args.options().keySet()), "in the order given");
        assertEquals("a=b=c", IngestArguments.parse("p", "n", "k", "l", "-o", "x=a=b=c").options().get("x"),
                "split at the first '='");
    }

    @Test
    void saysWhatIsWrongWithTheWords() {
        assertRefused("expected <project> <name> <kind> <location>, got 3 words (sales orders csv)", "sales", "orders", "csv");
        assertRefused("-o needs key=value", "sales", "orders", "csv", "x.csv", "-o");
        assertRefused("option 'header' must be key=value", "sales", "orders", "csv", "x.csv", "-o", "header");
        assertRefused("option 'a' is given twice", "p", "n", "k", "l", "-o", "a=1", "-o", "a=2");
        assertRefused("unknown option -x", "p", "n", "k", "l", "-x");
        assertRefused("--force is given twice", "p", "n", "k", "l", "--force");
        assertRefused("expected <project> <name> <kind> <location>, got 0 words;");
    }

    @Test
    void optionsTakeTheTypesOfTheConnectorsSchema() {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of(
                "header", Map.of("type", "boolean"),
                "skip", Map.of("type", "integer"),
                "ratio", Map.of("type", List.of("null", "number")),
                "columns", Map.of("type", "array", "items", Map.of("type", "string")),
                "sizes", Map.of("type", "array", "items", Map.of("type", "integer")),
                "delim", Map.of("type", "string")));
        Map<String, Object> typed = IngestArguments.typed(ordered("header", "TRUE", "skip", "2", "ratio", "0.5",
                "columns", "a, b", "sizes", "1,2", "delim", "1", "unknown", "7"), schema);
        assertEquals(ordered("header", true, "skip", 2L, "ratio", 0.5, "columns", List.of("a", "b"),
                "sizes", List.of(1L, 2L), "delim", "1", "unknown", "7"), typed);

        assertEquals(Map.of("header", "true"), IngestArguments.typed(Map.of("header", "true"), null),
                "no connector for the kind: text, and the service names the known kinds");
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> IngestArguments.typed(Map.of("header", "yes"), schema));
        assertEquals("option header must be true or false, was 'yes'", e.getMessage());
        assertThrows(InvalidRequestException.class, () -> IngestArguments.typed(Map.of("skip", "two"), schema));
    }

    @Test
    void anObjectOptionIsGivenEntryByEntry() {
        Map<String, Object> schema = Map.of("properties", Map.of(
                "types", Map.of("type", "object", "additionalProperties", Map.of("type", "string")),
                "limits", Map.of("type", "object", "properties", Map.of("rows", Map.of("type", "integer")))));
        assertEquals(ordered("types", ordered("zip", "VARCHAR", "amount", "DECIMAL(12,2)"), "limits", Map.of("rows", 10L)),
                IngestArguments.typed(ordered("types.zip", "VARCHAR", "types.amount", "DECIMAL(12,2)", "limits.rows", "10"),
                        schema));
        InvalidRequestException whole = assertThrows(InvalidRequestException.class,
                () -> IngestArguments.typed(Map.of("types", "zip"), schema));
        assertEquals("option types takes an object: give its entries one by one as -o types.<key>=<value>", whole.getMessage());
        assertThrows(InvalidRequestException.class,
                () -> IngestArguments.typed(ordered("types.zip", "VARCHAR", "types", "x"), schema));
        assertEquals(Map.of("other.key", "x"), IngestArguments.typed(Map.of("other.key", "x"), schema), "unknown: as given");
    }

    private static void assertRefused(String expected, String... words) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> IngestArguments.parse((Object[]) words));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }
}

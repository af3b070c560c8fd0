package org.dataanalyst.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.dataanalyst.api.Page;
import org.dataanalyst.api.profile.ProfilerInfo;
import org.junit.jupiter.api.Test;

/** What {@code GET /api/profilers} writes, through the API's one mapper. */
class ProfilersApiShapeTest {

    @Test
    void aProfilerIsFlatAndSnakeCase() {
        ProfilerInfo info = new ProfilerInfo("columns", "Columns", "Per-column statistics",
                Map.of("type", "object", "properties", Map.of("top_k", Map.of("type", "integer"))),
                "org.dataanalyst.profiler.columns", "0.1.0", List.of("not_null"));
        JsonNode node = Json.mapper().valueToTree(new Page<>(List.of(info), 0, 50, 1));
        JsonNode item = node.at("/items/0");
        List<String> fields = new ArrayList<>();
        item.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("name", "title", "description", "options_schema", "bundle", "bundle_version", "rule_types"),
                fields);
        assertEquals("not_null", item.at("/rule_types/0").asText());
        assertEquals("integer", item.at("/options_schema/properties/top_k/type").asText());
        assertEquals(1, node.get("total").asInt());
    }
}

package org.dataanalyst.catalog.internal;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.Schema;
import org.dataanalyst.api.SchemaDrift;

/** JSON columns (parameters, source metadata, schema snapshots), stored as TEXT. */
final class Json {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() {
    };

    /* Tolerant of properties it does not know: rows written by a newer version stay readable. */
    private final ObjectMapper mapper = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("value cannot be stored as JSON: " + e.getOriginalMessage(), e);
        }
    }

    Map<String, Object> readMap(String json) {
        try {
            return json == null ? Map.of() : mapper.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog holds malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON list of objects (rule checks). */
    List<Map<String, Object>> readList(String json) {
        try {
            return json == null ? List.of() : mapper.readValue(json, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog holds a malformed list: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON object of counts by name. */
    Map<String, Integer> readCounts(String json) {
        try {
            return json == null ? Map.of() : mapper.readValue(json, COUNTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog holds malformed counts: " + e.getOriginalMessage(), e);
        }
    }

    SchemaDrift readDrift(String json) {
        try {
            return mapper.readValue(json, SchemaDrift.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog holds a malformed schema drift: " + e.getOriginalMessage(), e);
        }
    }

    Schema readSchema(String json) {
        try {
            return mapper.readValue(json, Schema.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog holds a malformed schema: " + e.getOriginalMessage(), e);
        }
    }
}

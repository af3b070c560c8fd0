package org.dataanalyst.runs.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dataanalyst.api.InvalidRequestException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The idempotency key of a run: SHA-256 (hex) of a canonical JSON document
 * {@code {"dataset_version_id"|"dataset_id": …, "params": {…}, "type": …}} in which every object's keys
 * are sorted (recursively) and numbers are normalized ({@code 1}, {@code 1.0} and {@code 1.00} are the
 * same number), so that two requests asking for the same work get the same key whatever the order of
 * their parameters.
 */
final class IdempotencyKey {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private IdempotencyKey() {
    }

    /**
     * @param datasetId        used only when there is no version
     * @param datasetVersionId the version, or {@code null}
     */
    static String of(String type, String datasetId, String datasetVersionId, Map<String, Object> params) {
        return Sha256.hex(canonicalJson(type, datasetId, datasetVersionId, params));
    }

    static String canonicalJson(String type, String datasetId, String datasetVersionId, Map<String, Object> params) {
        Map<String, Object> root = new TreeMap<>();
        root.put("type", type);
        if (datasetVersionId != null) {
            root.put("dataset_version_id", datasetVersionId);
        } else if (datasetId != null) {
            root.put("dataset_id", datasetId);
        }
        root.put("params", canonical(params == null ? Map.of() : params));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("params must be JSON values: " + e.getOriginalMessage(), e);
        }
    }

    private static Object canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            collection.forEach(v -> list.add(canonical(v)));
            return list;
        }
        if (value instanceof Object[] array) {
            return canonical(java.util.Arrays.asList(array));
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return d.toString();
        }
        if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            return f.toString();
        }
        if (value instanceof Number n) {
            BigDecimal decimal = n instanceof BigDecimal b ? b
                    : n instanceof BigInteger i ? new BigDecimal(i)
                    : new BigDecimal(n.toString());
            decimal = decimal.stripTrailingZeros();
            return decimal.scale() <= 0 ? decimal.toBigIntegerExact() : decimal;
        }
        return value;
    }
}

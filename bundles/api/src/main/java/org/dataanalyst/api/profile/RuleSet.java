package org.dataanalyst.api.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rule checks declared for a dataset: every profile of the dataset evaluates them (docs/profilers.md).
 *
 * @param datasetId the dataset
 * @param rules     the rules, in their declared order, each as declared ({@code {"type": "not_null",
 *                  "column": "id"}}…); empty when none are declared
 * @param updatedAt when they were last replaced, or {@code null} when none were ever declared
 */
public record RuleSet(String datasetId, List<Map<String, Object>> rules, Instant updatedAt) {
    public RuleSet {
        Objects.requireNonNull(datasetId, "datasetId");
        List<Map<String, Object>> copy = new ArrayList<>();
        if (rules != null) {
            for (Map<String, Object> rule : rules) {
                copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(rule, "rule"))));
            }
        }
        rules = Collections.unmodifiableList(copy);
    }
}

package org.dataanalyst.profiling.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.Schema;

/**
 * Declared rule checks as the platform handles them before a profiler sees them: their JSON shape (a list
 * of objects, each with a string {@code type}), which running profiler evaluates each type, and whether
 * that profiler can check a rule against a version's columns ({@code Profiler.ruleProblems}).
 */
final class Rules {

    /** Most rules a dataset may declare: each is a metric of every profile. */
    static final int MAX_RULES = 500;

    private Rules() {
    }

    /**
     * Reads rules as given (a request body, a run's parameters).
     *
     * @param where what the value is, for messages ({@code "rules"}, {@code "params.rules"})
     * @throws InvalidRequestException when it is not a list of objects with a string {@code type}
     */
    static List<Map<String, Object>> read(Object value, String where) {
        if (!(value instanceof List<?> list)) {
            throw new InvalidRequestException(where + " must be a list of rule objects such as "
                    + "{\"type\": \"not_null\", \"column\": \"id\"}, was " + OptionsCheck.shown(value));
        }
        if (list.size() > MAX_RULES) {
            throw new InvalidRequestException(where + " has " + list.size() + " rules; at most " + MAX_RULES + " are allowed");
        }
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof Map<?, ?> map)) {
                problems.add("rule " + (i + 1) + " must be an object, was " + OptionsCheck.shown(item));
                continue;
            }
            Map<String, Object> rule = new LinkedHashMap<>();
            map.forEach((k, v) -> rule.put(String.valueOf(k), v));
            if (!(rule.get("type") instanceof String type) || type.isBlank()) {
                problems.add("rule " + (i + 1) + " needs a 'type' (a string such as \"not_null\")");
            }
            rules.add(Collections.unmodifiableMap(rule));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(where + ": " + String.join("; ", problems));
        }
        return List.copyOf(rules);
    }

    /**
     * @param schema the columns rules are checked against, or {@code null} when the dataset has no version yet
     * @return why rules cannot be checked, one sentence per problem, naming the rule by position and type;
     *         empty when every rule can
     */
    static List<String> problems(List<Map<String, Object>> rules, Lineup lineup, Schema schema) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Map<String, Object> rule = rules.get(i);
            String type = String.valueOf(rule.get("type"));
            String label = "rule " + (i + 1) + " (" + type + ")";
            Lineup.Member owner = lineup.ruleOwner(type);
            if (owner == null) {
                problems.add(label + ": no running profiler evaluates rules of type '" + type + "'; "
                        + (lineup.ruleTypes().isEmpty() ? "none evaluates any rules now"
                        : "the types evaluated now are " + String.join(", ", lineup.ruleTypes())));
                continue;
            }
            if (schema == null) {
                problems.add(label + ": the dataset has no version yet, and rules are checked against its columns; "
                        + "ingest data first");
                continue;
            }
            try {
                List<String> found = owner.entry().profiler().ruleProblems(rule, schema);
                if (found != null) {
                    found.forEach(p -> problems.add(label + ": " + p));
                }
            } catch (RuntimeException | LinkageError e) {
                problems.add(label + ": profiler '" + owner.name() + "' of " + owner.entry().origin()
                        + " could not check it: " + Failures.describe(e));
            }
        }
        return problems;
    }

    /** @return the rules whose type {@code member} evaluates in this lineup, in their declared order */
    static List<Map<String, Object>> of(Lineup.Member member, List<Map<String, Object>> rules, Lineup lineup) {
        List<Map<String, Object>> mine = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            if (lineup.ruleOwner(String.valueOf(rule.get("type"))) == member) {
                mine.add(rule);
            }
        }
        return List.copyOf(mine);
    }
}

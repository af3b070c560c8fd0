package org.dataanalyst.profiling.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.InvalidRequestException;

/**
 * The parameters of a profile run: {@code {"profilers": {"<name>": {options…}}, "rules": [{rule}…]}}. Only
 * running profilers may be named; their options must fit their options schema. {@code rules} are the rule
 * checks the run evaluates: a request may give them, else the run is given the dataset's declared rules
 * when it is submitted (see {@link ProfileRunType#resolve}), so the run records exactly what it checked.
 *
 * @param options options by profiler name (profilers without options are absent)
 * @param rules   the rule checks, in order; empty when none
 */
record Params(Map<String, Map<String, Object>> options, List<Map<String, Object>> rules) {

    /** Parameter: options by profiler name. */
    static final String PROFILERS = "profilers";
    /** Parameter: the rule checks. */
    static final String RULES = "rules";

    Params {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        rules = List.copyOf(rules);
    }

    /** @return the options of a profiler; empty when the run gives none */
    Map<String, Object> of(String profiler) {
        return options.getOrDefault(profiler, Map.of());
    }

    /**
     * Reads parameters as stored, checking them against the running profilers when {@code lineup} is given.
     *
     * @throws InvalidRequestException naming every problem
     */
    static Params parse(Map<String, Object> params, Lineup lineup) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> options = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (!PROFILERS.equals(e.getKey()) && !RULES.equals(e.getKey())) {
                problems.add("unknown parameter '" + e.getKey() + "'; a profile run takes only '" + PROFILERS
                        + "' ({\"" + PROFILERS + "\": {\"<profiler>\": {options}}}) and '" + RULES + "' ([{rule}, …])");
            }
        }
        Object profilers = params.get(PROFILERS);
        if (profilers != null && !(profilers instanceof Map<?, ?>)) {
            problems.add("params.profilers must be an object of options by profiler name, was " + OptionsCheck.shown(profilers));
        } else if (profilers instanceof Map<?, ?> byName) {
            for (Map.Entry<?, ?> e : byName.entrySet()) {
                String name = String.valueOf(e.getKey());
                String path = "params.profilers." + name;
                if (!(e.getValue() instanceof Map<?, ?> given)) {
                    problems.add(path + " must be an object of options, was " + OptionsCheck.shown(e.getValue()));
                    continue;
                }
                Map<String, Object> copy = new LinkedHashMap<>();
                given.forEach((k, v) -> copy.put(String.valueOf(k), v));
                if (lineup != null) {
                    Lineup.Member member = lineup.members().get(name);
                    if (member == null) {
                        problems.add("no running profiler is called '" + name + "'; running profilers: " + lineup.names());
                        continue;
                    }
                    problems.addAll(OptionsCheck.problems(path, copy, member.descriptor().optionsSchema()));
                }
                options.put(name, Collections.unmodifiableMap(copy));
            }
        }
        List<Map<String, Object>> rules = List.of();
        if (params.get(RULES) != null) {
            try {
                rules = Rules.read(params.get(RULES), "params." + RULES);
            } catch (InvalidRequestException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(String.join("; ", problems));
        }
        return new Params(options, rules);
    }
}

package org.dataanalyst.api.profile;

import java.util.List;
import java.util.Map;

/**
 * A running profiler, as clients see it.
 *
 * @param name          its name: the key of its section in {@code profile.json} and of its options in a profile
 *                      run's parameters ({@code params.profilers.<name>})
 * @param title         short human title
 * @param description   one or two sentences
 * @param optionsSchema a JSON Schema (as JSON-compatible maps) of the options it accepts
 * @param bundle        the symbolic name of the bundle that provides it
 * @param bundleVersion that bundle's version
 * @param ruleTypes     the types of declared rule checks it evaluates (see {@link ProfileService#putRules}); often none
 */
public record ProfilerInfo(String name, String title, String description, Map<String, Object> optionsSchema,
                           String bundle, String bundleVersion, List<String> ruleTypes) {
    public ProfilerInfo {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name is required");
        title = title == null ? name : title;
        description = description == null ? "" : description;
        optionsSchema = optionsSchema == null ? Map.of("type", "object") : Map.copyOf(optionsSchema);
        ruleTypes = ruleTypes == null ? List.of() : List.copyOf(ruleTypes);
    }
}

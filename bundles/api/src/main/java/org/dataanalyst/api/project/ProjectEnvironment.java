package org.dataanalyst.api.project;

import java.util.Map;

/**
 * The environment definition of a project, stored as {@code project.json} in its workspace.
 *
 * @param formatVersion version of the {@code project.json} format
 * @param name          project name
 * @param description   project description
 * @param engine        engine settings (e.g. {@code memory_limit}, {@code threads}); empty means platform defaults
 * @param variables     user variables available to runs
 * @param plugins       pinned plugin versions by symbolic name; empty means whatever is installed
 */
public record ProjectEnvironment(int formatVersion, String name, String description, Map<String, Object> engine,
                                 Map<String, String> variables, Map<String, String> plugins) {
    /** The {@code project.json} format this platform writes. */
    public static final int CURRENT_FORMAT = 1;

    public ProjectEnvironment {
        java.util.Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        engine = engine == null ? Map.of() : Map.copyOf(engine);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        plugins = plugins == null ? Map.of() : Map.copyOf(plugins);
    }
}

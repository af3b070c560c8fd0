package org.dataanalyst.api;

import java.util.Map;

/**
 * How a plugin (connector, profiler, analyzer, reporter, run type) describes itself to users.
 *
 * @param name          stable machine name, unique among plugins of its kind (e.g. {@code csv})
 * @param title         short human title
 * @param description   one or two sentences
 * @param optionsSchema a JSON Schema (as JSON-compatible maps) of the options it accepts
 */
public record Descriptor(String name, String title, String description, Map<String, Object> optionsSchema) {
    public Descriptor {
        Checks.text(name, "name");
        title = title == null ? name : title;
        description = description == null ? "" : description;
        optionsSchema = optionsSchema == null ? Map.of("type", "object") : Map.copyOf(optionsSchema);
    }
}

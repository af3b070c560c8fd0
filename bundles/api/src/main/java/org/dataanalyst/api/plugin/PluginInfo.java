package org.dataanalyst.api.plugin;

import java.util.List;

/**
 * A plugin bundle as the platform sees it.
 *
 * @param id           the bundle id
 * @param symbolicName the bundle symbolic name
 * @param version      the bundle version
 * @param state        {@code INSTALLED}, {@code RESOLVED}, {@code STARTING}, {@code ACTIVE}, {@code STOPPING}
 * @param location     where it was installed from
 * @param services     the plugin services it provides, e.g. {@code run-type:echo}, {@code connector:csv}
 * @param problem      why it is not active (e.g. an unresolved requirement), or {@code null}
 * @param builtin      whether it is a built-in plugin, shipped with the product (a connector, profiler, analyzer or
 *                     reporter bundle of the platform) rather than a jar in the plugin folder: uninstalling it
 *                     lasts until the next start, when the product brings it back
 */
public record PluginInfo(long id, String symbolicName, String version, String state, String location,
                         List<String> services, String problem, boolean builtin) {
    public PluginInfo {
        services = services == null ? List.of() : List.copyOf(services);
    }

    /** A plugin from the plugin folder (not built in). */
    public PluginInfo(long id, String symbolicName, String version, String state, String location,
                      List<String> services, String problem) {
        this(id, symbolicName, version, state, location, services, problem, false);
    }
}

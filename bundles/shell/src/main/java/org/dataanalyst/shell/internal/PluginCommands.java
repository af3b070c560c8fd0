package org.dataanalyst.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.plugin.PluginInfo;
import org.dataanalyst.api.plugin.PluginService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code analyst:plugins}, {@code analyst:installPlugin}, {@code analyst:uninstallPlugin}. */
@Component(service = PluginCommands.class)
@GogoCommand(scope = "analyst", function = {"plugins", "installPlugin", "uninstallPlugin"})
public class PluginCommands {

    private final PluginService plugins;

    @Activate
    public PluginCommands(@Reference PluginService plugins) {
        this.plugins = plugins;
    }

    @Descriptor("list the plugin bundles (the jars in <data>/plugins, and the built-in connectors, profilers and "
            + "reporters of the product), what they provide and what is wrong with them")
    public String plugins() {
        return Text.attempt(() -> {
            Table table = new Table("ID", "STATE", "NAME", "VERSION", "BUILT-IN", "SERVICES", "PROBLEM");
            for (PluginInfo p : plugins.list()) {
                table.row(p.id(), p.state(), p.symbolicName(), p.version(), p.builtin() ? "yes" : "no",
                        String.join(", ", p.services()), p.problem());
            }
            return table.size() == 0 ? "no plugins installed\n" : table.toString();
        });
    }

    @Descriptor("install a plugin jar from a file on the server and start it; the jar of a built-in plugin uninstalled "
            + "earlier is installed as that built-in again, until the next start")
    public String installPlugin(@Descriptor("path of the jar file") String file) {
        return Text.attempt(() -> {
            Path jar = Path.of(file);
            if (!Files.isRegularFile(jar)) {
                throw new InvalidRequestException("no such file: " + jar.toAbsolutePath());
            }
            try (InputStream in = Files.newInputStream(jar)) {
                PluginInfo p = plugins.install(jar.getFileName().toString(), in);
                return (p.builtin() ? "installed built-in plugin " : "installed plugin ") + p.symbolicName() + " "
                        + p.version() + (p.builtin() ? " until the next start (the product then brings its own copy)" : "")
                        + "\n" + describe(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Descriptor("uninstall a plugin: its jar leaves the plugin folder; a built-in plugin is uninstalled until the next "
            + "start")
    public String uninstallPlugin(@Descriptor("the plugin's bundle id or symbolic name (see analyst:plugins)") String plugin) {
        return Text.attempt(() -> {
            PluginInfo p = find(plugin);
            plugins.uninstall(p.id());
            return "uninstalled " + (p.builtin() ? "built-in plugin " : "plugin ") + p.symbolicName() + " " + p.version()
                    + " (id " + p.id() + ")" + (p.builtin() ? " until the next start; install its jar to bring it back "
                    + "sooner" : "") + "\n";
        });
    }

    /** @throws NotFoundException when no plugin has that bundle id or symbolic name */
    private PluginInfo find(String idOrName) {
        String key = idOrName == null ? "" : idOrName.strip();
        for (PluginInfo p : plugins.list()) {
            if (key.equals(String.valueOf(p.id())) || key.equals(p.symbolicName())) {
                return p;
            }
        }
        throw new NotFoundException("no plugin with id or symbolic name '" + key + "'");
    }

    private static String describe(PluginInfo p) {
        return Text.block("id", p.id(), "name", p.symbolicName(), "version", p.version(), "state", p.state(),
                "built-in", p.builtin() ? "yes" : "no",
                "location", p.location(), "services", String.join(", ", p.services()), "problem", p.problem());
    }
}

package org.dataanalyst.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.dataanalyst.api.InvalidRequestException;
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

    @Descriptor("list the plugin bundles (the jars in <data>/plugins), what they provide and what is wrong with them")
    public String plugins() {
        return Text.attempt(() -> {
            Table table = new Table("ID", "STATE", "NAME", "VERSION", "SERVICES", "PROBLEM");
            for (PluginInfo p : plugins.list()) {
                table.row(p.id(), p.state(), p.symbolicName(), p.version(), String.join(", ", p.services()), p.problem());
            }
            return table.size() == 0 ? "no plugins installed\n" : table.toString();
        });
    }

    @Descriptor("install a plugin jar from a file on the server and start it")
    public String installPlugin(@Descriptor("path of the jar file") String file) {
        return Text.attempt(() -> {
            Path jar = Path.of(file);
            if (!Files.isRegularFile(jar)) {
                throw new InvalidRequestException("no such file: " + jar.toAbsolutePath());
            }
            try (InputStream in = Files.newInputStream(jar)) {
                PluginInfo p = plugins.install(jar.getFileName().toString(), in);
                return "installed plugin " + p.symbolicName() + " " + p.version() + "\n" + describe(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Descriptor("uninstall a plugin: its jar leaves the plugin folder")
    public String uninstallPlugin(@Descriptor("the plugin's bundle id (see analyst:plugins)") long id) {
        return Text.attempt(() -> {
            plugins.uninstall(id);
            return "uninstalled plugin " + id + "\n";
        });
    }

    private static String describe(PluginInfo p) {
        return Text.block("id", p.id(), "name", p.symbolicName(), "version", p.version(), "state", p.state(),
                "location", p.location(), "services", String.join(", ", p.services()), "problem", p.problem());
    }
}

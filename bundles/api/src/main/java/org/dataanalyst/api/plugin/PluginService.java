package org.dataanalyst.api.plugin;

import java.io.InputStream;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The plugin bundles of the running platform: the jars in the data folder's {@code plugins/}, each of which installs
 * and starts without a restart and survives one; and the built-in plugins, the connector, profiler, analyzer and
 * reporter bundles shipped with the product, which can be uninstalled and installed again at runtime for the
 * lifetime of the process (the product brings them back at the next start).
 */
@ProviderType
public interface PluginService {

    /** @return every installed plugin bundle, the built-in ones flagged {@link PluginInfo#builtin()} */
    List<PluginInfo> list();

    /**
     * Installs a plugin jar and starts it. A jar whose symbolic name is that of a built-in plugin uninstalled
     * earlier in this process is installed as that built-in again, until the next start.
     *
     * @param fileName the jar's file name (only its last segment is used)
     * @param jar      the content, read to the end
     * @throws org.dataanalyst.api.InvalidRequestException when it is not a bundle, or it does not resolve
     *                                                     (the message gives the missing requirement)
     * @throws org.dataanalyst.api.ConflictException       when a bundle of that symbolic name is installed
     */
    PluginInfo install(String fileName, InputStream jar);

    /**
     * Uninstalls a plugin: a plugin's jar leaves the plugin folder; a built-in plugin is uninstalled until the next
     * start. Either way its services are gone when this returns.
     *
     * @throws org.dataanalyst.api.NotFoundException when no plugin bundle (nor built-in plugin) has that id
     */
    void uninstall(long id);
}

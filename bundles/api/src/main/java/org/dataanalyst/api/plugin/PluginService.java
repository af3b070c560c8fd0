package org.dataanalyst.api.plugin;

import java.io.InputStream;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The plugin bundles of the running platform: the jars in the data folder's {@code plugins/}. Each
 * installs and starts without a restart and survives one.
 */
@ProviderType
public interface PluginService {

    /** @return every installed plugin bundle */
    List<PluginInfo> list();

    /**
     * Installs a plugin jar and starts it.
     *
     * @param fileName the jar's file name (only its last segment is used)
     * @param jar      the content, read to the end
     * @throws org.dataanalyst.api.InvalidRequestException when it is not a bundle, or it does not resolve
     *                                                     (the message gives the missing requirement)
     */
    PluginInfo install(String fileName, InputStream jar);

    /** @throws org.dataanalyst.api.NotFoundException when no plugin bundle has that id */
    void uninstall(long id);
}

package org.dataanalyst.plugins.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in plugins: the connector, profiler, analyzer and reporter bundles that ship with the product (they are
 * among the launcher's run bundles, not jars in the plugin folder).
 *
 * <p>A bundle is built in when it is not installed from the plugin folder and its symbolic name starts with one of
 * {@link #PREFIXES} — the house rule that a bundle's symbolic name is its root package makes every connector,
 * profiler, analyzer and reporter of the platform match, and nothing else of it.
 *
 * <p>A built-in plugin uninstalled at runtime comes back at the next start, because it is part of the product. Until
 * then, a jar of the same symbolic name is installed as that built-in again (not into the plugin folder, where it would
 * clash with the product's own copy at the next start). So this remembers which built-ins were uninstalled, in a file
 * of the plugin service's bundle data area: the framework cache is created fresh at every start, so the record lives
 * exactly as long as the process, and survives the service being re-activated (a configuration change).
 */
final class Builtins {

    /** Symbolic name prefixes of built-in plugins. */
    static final List<String> PREFIXES = List.of("org.dataanalyst.connector.", "org.dataanalyst.profiler.",
            "org.dataanalyst.analyzer.", "org.dataanalyst.reporter.");

    /** The bundle location of a built-in installed again at runtime: {@code builtin:<symbolic name>}. */
    static final String LOCATION_SCHEME = "builtin:";

    private static final Logger LOG = LoggerFactory.getLogger(Builtins.class);

    private final Path record;
    private final Set<String> uninstalled = new TreeSet<>();

    /** @param record the file remembering uninstalled built-ins, or {@code null} to remember them in memory only */
    Builtins(Path record) {
        this.record = record;
        if (record != null && Files.isRegularFile(record)) {
            try {
                for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
                    if (isBuiltinName(line.strip())) {
                        uninstalled.add(line.strip());
                    }
                }
            } catch (IOException e) {
                LOG.warn("Cannot read the list of uninstalled built-in plugins {}: {}", record, e.toString());
            }
        }
    }

    /** @return whether a symbolic name is that of a built-in plugin (when the bundle is not from the plugin folder) */
    static boolean isBuiltinName(String symbolicName) {
        if (symbolicName == null) {
            return false;
        }
        for (String prefix : PREFIXES) {
            if (symbolicName.length() > prefix.length() && symbolicName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** @return the location for a built-in installed again from an uploaded jar */
    static String location(String symbolicName) {
        return LOCATION_SCHEME + symbolicName;
    }

    /** @return whether this built-in was uninstalled in this process (and may be installed again as a built-in) */
    synchronized boolean wasUninstalled(String symbolicName) {
        return uninstalled.contains(symbolicName);
    }

    /** @return the built-ins uninstalled in this process, by name */
    synchronized List<String> uninstalled() {
        return List.copyOf(uninstalled);
    }

    /** Records that a built-in is uninstalled, before it is. */
    synchronized void markUninstalled(String symbolicName) {
        if (uninstalled.add(symbolicName)) {
            save();
        }
    }

    /** Records that a built-in is installed again. */
    synchronized void markInstalled(String symbolicName) {
        if (uninstalled.remove(symbolicName)) {
            save();
        }
    }

    /** Writes the record under a temporary name, forces it to disk and renames it into place. */
    private void save() {
        if (record == null) {
            return;
        }
        Path temporary = record.resolveSibling(record.getFileName() + ".tmp");
        try {
            Files.createDirectories(record.getParent());
            byte[] content = uninstalled.isEmpty() ? new byte[0]
                    : (String.join("\n", uninstalled) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(temporary, content);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temporary, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, record, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Kept in memory all the same: only a re-activated service would forget it.
            LOG.warn("Cannot record the uninstalled built-in plugins in {}: {}", record, e.toString());
        }
    }
}

package org.dataanalyst.plugins.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The folder FileInstall watches for plugin jars, and which bundle locations point into it.
 *
 * <p>FileInstall installs a jar with the location {@code path.toURI().normalize().toString()}, e.g.
 * {@code file:/srv/analyst/plugins/sample.jar}, where {@code path} lies in the canonical form of its watched
 * folder (symbolic links resolved). A location therefore belongs to a plugin when it is a {@code file:} URI
 * whose parent is this folder, written either way.
 */
final class PluginFolder {

    private final Path folder;
    private final Path staging;
    private volatile Path realFolder;

    /** @param folder the plugin folder; made absolute and normalized */
    PluginFolder(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
        Path name = this.folder.getFileName();
        this.staging = this.folder.resolveSibling((name == null ? "plugins" : name.toString()) + ".staging");
        this.realFolder = real(this.folder);
    }

    /** @return the plugin folder, absolute and normalized */
    Path path() {
        return folder;
    }

    /** @return where uploads are written before they move into the folder: a sibling, so FileInstall never sees them */
    Path staging() {
        return staging;
    }

    /** Creates the folder and the staging folder when missing. */
    void create() throws IOException {
        Files.createDirectories(folder);
        Files.createDirectories(staging);
        realFolder = real(folder);
    }

    /**
     * @param location a bundle location
     * @return the jar it names, when it is a file directly inside the plugin folder
     */
    Optional<Path> fileOf(String location) {
        if (location == null || !location.regionMatches(true, 0, "file:", 0, 5)) {
            return Optional.empty();
        }
        Path file;
        try {
            file = Path.of(URI.create(location)).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
        Path parent = file.getParent();
        if (parent == null) {
            return Optional.empty();
        }
        return parent.equals(folder) || parent.equals(realFolder) ? Optional.of(file) : Optional.empty();
    }

    /**
     * @param directories the value of {@code felix.fileinstall.dir}: one folder or a comma-separated list of them
     * @return whether one of them is this folder
     */
    boolean isNamedBy(String directories) {
        if (directories == null || directories.isBlank()) {
            return false;
        }
        for (String directory : directories.split(",")) {
            if (directory.isBlank()) {
                continue;
            }
            Path other = Path.of(directory.strip()).toAbsolutePath().normalize();
            if (other.equals(folder) || real(other).equals(real(folder))) {
                return true;
            }
        }
        return false;
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }
}

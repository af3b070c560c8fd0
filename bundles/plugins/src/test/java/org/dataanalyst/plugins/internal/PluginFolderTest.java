package org.dataanalyst.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginFolderTest {

    @TempDir
    Path data;

    PluginFolder folder;

    @BeforeEach
    void create() throws IOException {
        folder = new PluginFolder(data.resolve("plugins"));
        folder.create();
    }

    @Test
    void recognisesTheLocationFileInstallUses() {
        // FileInstall: path.toURI().normalize().toString()
        String location = new File(data.resolve("plugins").toFile(), "sample.jar").toURI().normalize().toString();
        assertTrue(location.startsWith("file:/"), location);
        assertEquals(Optional.of(data.resolve("plugins/sample.jar").toAbsolutePath()), folder.fileOf(location));
    }

    @Test
    void recognisesEncodedCharacters() throws IOException {
        PluginFolder spaced = new PluginFolder(data.resolve("my plugins"));
        spaced.create();
        String location = data.resolve("my plugins").resolve("a.jar").toUri().toString();
        assertTrue(location.contains("%20"), location);
        assertTrue(spaced.fileOf(location).isPresent());
    }

    @Test
    void recognisesTheCanonicalFolderBehindALink() throws IOException {
        Path link = Files.createSymbolicLink(data.resolve("link"), data.resolve("plugins"));
        PluginFolder linked = new PluginFolder(link);
        linked.create();
        String canonical = data.resolve("plugins/a.jar").toFile().getCanonicalFile().toURI().toString();
        assertTrue(linked.fileOf(canonical).isPresent(), canonical);
    }

    @Test
    void ignoresEverythingElse() {
        assertFalse(folder.fileOf(null).isPresent());
        assertFalse(folder.fileOf("System Bundle").isPresent());
        assertFalse(folder.fileOf("reference:file:" + data.resolve("plugins/a.jar")).isPresent());
        assertFalse(folder.fileOf("mvn:org.example/a/1.0").isPresent());
        assertFalse(folder.fileOf(data.resolve("a.jar").toUri().toString()).isPresent());
        assertFalse(folder.fileOf(data.resolve("plugins/sub/a.jar").toUri().toString()).isPresent());
        assertFalse(folder.fileOf(data.resolve("plugins.staging/a.jar").toUri().toString()).isPresent());
        assertFalse(folder.fileOf("file:relative/a.jar").isPresent());
        assertFalse(folder.fileOf("file:/%%bad").isPresent());
    }

    @Test
    void stagingIsASiblingOutsideTheWatchedFolder() {
        assertEquals(data.resolve("plugins.staging").toAbsolutePath(), folder.staging());
        assertTrue(Files.isDirectory(folder.staging()));
    }

    @Test
    void knowsWhetherFileInstallWatchesIt() {
        assertTrue(folder.isNamedBy(data.resolve("plugins").toString()));
        assertTrue(folder.isNamedBy(data.resolve("x/../plugins").toString()));
        assertTrue(folder.isNamedBy(data.resolve("plugins") + "," + data.resolve("etc")));
        assertTrue(folder.isNamedBy(data.resolve("etc") + ", " + data.resolve("plugins")));
        assertFalse(folder.isNamedBy(data.toString()));
        assertFalse(folder.isNamedBy(data.resolve("etc") + "," + data.resolve("plugins.staging")));
        assertFalse(folder.isNamedBy(null));
    }
}

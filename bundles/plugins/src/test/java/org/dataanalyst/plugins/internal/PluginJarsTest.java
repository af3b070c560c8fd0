package org.dataanalyst.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.dataanalyst.api.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Version;

class PluginJarsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sample.jar", "my-plugin_1.2.3.jar", "A.jar"})
    void acceptsPlainJarNames(String name) {
        assertEquals(name, PluginJars.fileName(name));
    }

    @Test
    void keepsOnlyTheLastPathSegment() {
        assertEquals("evil.jar", PluginJars.fileName("../../etc/evil.jar"));
        assertEquals("evil.jar", PluginJars.fileName("C:\\Users\\me\\evil.jar"));
        assertEquals("x.jar", PluginJars.fileName("  /tmp/x.jar "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "plugin.zip", "plugin.jar.exe", ".jar", "..jar", ".hidden.jar", "with space.jar",
            "semi;colon.jar", "dir/", "umlaut-ä.jar", "plugin.JAR", "new\nline.jar"})
    void refusesOtherNames(String name) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> PluginJars.fileName(name));
        assertTrue(e.getMessage().contains(".jar"), e.getMessage());
    }

    @Test
    void refusesMissingName() {
        assertThrows(InvalidRequestException.class, () -> PluginJars.fileName(null));
    }

    @Test
    void refusesOverlongName() {
        assertThrows(InvalidRequestException.class, () -> PluginJars.fileName("a".repeat(125) + ".jar"));
        assertEquals("a".repeat(124) + ".jar", PluginJars.fileName("a".repeat(124) + ".jar"));
    }

    @Test
    void copiesUpToTheLimit() throws IOException {
        byte[] content = new byte[100_000];
        Path target = dir.resolve("ok.jar");
        assertEquals(content.length, PluginJars.copy(new ByteArrayInputStream(content), target, content.length));
        assertEquals(content.length, Files.size(target));
    }

    @Test
    void refusesContentOverTheLimit() {
        Path target = dir.resolve("big.jar");
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> PluginJars.copy(new ByteArrayInputStream(new byte[100_001]), target, 100_000));
        assertTrue(e.getMessage().contains("larger than 100000 bytes"), e.getMessage());
    }

    @Test
    void readsTheIdentityOfABundle() throws IOException {
        Path jar = jar("ok.jar", Map.of("Bundle-ManifestVersion", "2",
                "Bundle-SymbolicName", "org.example.plugin;singleton:=true", "Bundle-Version", "1.2.3.qualifier"));
        PluginJars.BundleHeaders headers = PluginJars.headers(jar, "ok.jar");
        assertEquals("org.example.plugin", headers.symbolicName());
        assertEquals(new Version(1, 2, 3, "qualifier"), headers.version());
    }

    @Test
    void versionDefaultsToZero() throws IOException {
        Path jar = jar("ok.jar", Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "org.example.plugin"));
        assertEquals(Version.emptyVersion, PluginJars.headers(jar, "ok.jar").version());
    }

    @Test
    void refusesAJarWithoutSymbolicName() throws IOException {
        Path jar = jar("plain.jar", Map.of("Bundle-ManifestVersion", "2"));
        assertNotABundle(jar, "has no Bundle-SymbolicName");
    }

    @Test
    void refusesAnOldStyleBundle() throws IOException {
        Path jar = jar("old.jar", Map.of("Bundle-SymbolicName", "org.example.old"));
        assertNotABundle(jar, "Bundle-ManifestVersion: 2");
    }

    @Test
    void refusesAJarWithoutManifest() throws IOException {
        Path jar = dir.resolve("bare.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("org/example/A.class"));
            zip.write(new byte[] {1, 2, 3});
        }
        assertNotABundle(jar, "has no META-INF/MANIFEST.MF");
    }

    @Test
    void refusesAManifestThatIsNotTheFirstEntry() throws IOException {
        // FileInstall reads jars as a stream and finds the manifest only among the first entries.
        Path jar = dir.resolve("late.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("org/example/A.class"));
            zip.write(new byte[] {1, 2, 3});
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            manifest(Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "org.example.late")).write(zip);
        }
        assertNotABundle(jar, "not as its first entry");
    }

    @Test
    void refusesAFileThatIsNotAJar() throws IOException {
        Path text = Files.writeString(dir.resolve("text.jar"), "hello, I am not a zip file", StandardCharsets.UTF_8);
        assertNotABundle(text, "is not a jar file");
        Path empty = Files.write(dir.resolve("empty.jar"), new byte[0]);
        assertNotABundle(empty, "is not a jar file");
    }

    @Test
    void refusesAnInvalidVersion() throws IOException {
        Path jar = jar("v.jar", Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "org.example.v",
                "Bundle-Version", "one.two"));
        assertNotABundle(jar, "invalid Bundle-Version");
    }

    @Test
    void refusesAFragment() throws IOException {
        Path jar = jar("frag.jar", Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "org.example.frag",
                "Fragment-Host", "org.dataanalyst.runs"));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> PluginJars.headers(jar, "frag.jar"));
        assertTrue(e.getMessage().contains("is a fragment"), e.getMessage());
        assertFalse(e.getMessage().contains("not an OSGi bundle"), e.getMessage());
    }

    private void assertNotABundle(Path jar, String expected) {
        String name = jar.getFileName().toString();
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> PluginJars.headers(jar, name));
        assertTrue(e.getMessage().startsWith("not an OSGi bundle: " + name), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private Path jar(String name, Map<String, String> headers) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar);
             JarOutputStream zip = new JarOutputStream(out, manifest(headers))) {
            zip.putNextEntry(new JarEntry("org/example/A.class"));
            zip.write(new byte[] {1, 2, 3});
        }
        return jar;
    }

    private static Manifest manifest(Map<String, String> headers) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> main.put(new Attributes.Name(k), v));
        return manifest;
    }
}

package org.dataanalyst.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.dataanalyst.api.InvalidRequestException;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/** Checks on an uploaded plugin jar that need no framework: its file name, its size and its manifest. */
final class PluginJars {

    /** What a plugin file name may look like once reduced to its last segment. */
    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,123}\\.jar");

    private PluginJars() {
    }

    /**
     * Reduces a client-given file name to its last path segment and checks it.
     *
     * @return a name that is safe as a file name directly inside the plugin folder
     * @throws InvalidRequestException when it is missing or not acceptable
     */
    static String fileName(String given) {
        if (given == null || given.isBlank()) {
            throw new InvalidRequestException("a plugin needs a file name ending in .jar, e.g. filename=my-plugin.jar");
        }
        String name = given.strip();
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        if (!FILE_NAME.matcher(name).matches()) {
            throw new InvalidRequestException("plugin file name '" + printable(name) + "' must end in .jar, start with a "
                    + "letter or digit and use only letters, digits, '.', '_' and '-' (at most 128 characters)");
        }
        return name;
    }

    /**
     * Copies {@code in} to {@code target} (created, must not exist), at most {@code maxBytes}, and forces it to disk.
     *
     * @return the number of bytes written
     * @throws InvalidRequestException when the content is larger than {@code maxBytes}; the target is then incomplete
     */
    static long copy(InputStream in, Path target, long maxBytes) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw new InvalidRequestException("plugin jar is larger than " + maxBytes + " bytes (max_jar_bytes)");
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            out.force(true);
        }
        return total;
    }

    /**
     * Reads the OSGi identity of a jar the way the framework and FileInstall will see it.
     *
     * @param jar  the jar file
     * @param name the name to use in messages
     * @throws InvalidRequestException when it is not a jar or not an OSGi bundle that can be a plugin
     */
    static BundleHeaders headers(Path jar, String name) {
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            manifest = in.getManifest();
            if (manifest == null && in.getNextJarEntry() == null) {
                throw new InvalidRequestException("not an OSGi bundle: " + name + " is not a jar file");
            }
        } catch (IOException | SecurityException e) {
            throw new InvalidRequestException("not an OSGi bundle: " + name + " is not a readable jar file (" + e.getMessage() + ")", e);
        }
        if (manifest == null) {
            throw new InvalidRequestException("not an OSGi bundle: " + name + (hasManifestElsewhere(jar)
                    ? " has META-INF/MANIFEST.MF, but not as its first entry (write the jar with 'jar' or bnd)"
                    : " has no META-INF/MANIFEST.MF"));
        }
        Attributes main = manifest.getMainAttributes();
        String manifestVersion = main.getValue(Constants.BUNDLE_MANIFESTVERSION);
        if (manifestVersion == null || !manifestVersion.strip().equals("2")) {
            throw new InvalidRequestException("not an OSGi bundle: " + name + " has no 'Bundle-ManifestVersion: 2' header");
        }
        String symbolicName = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
        symbolicName = symbolicName == null ? "" : symbolicName.split(";", 2)[0].strip();
        if (symbolicName.isEmpty()) {
            throw new InvalidRequestException("not an OSGi bundle: " + name + " has no Bundle-SymbolicName header");
        }
        Version version;
        try {
            String value = main.getValue(Constants.BUNDLE_VERSION);
            version = value == null ? Version.emptyVersion : Version.parseVersion(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("not an OSGi bundle: " + name + " has an invalid Bundle-Version (" + e.getMessage() + ")", e);
        }
        String host = main.getValue(Constants.FRAGMENT_HOST);
        if (host != null) {
            // A fragment attaches to another bundle (possibly a platform one) and needs that bundle refreshed:
            // it is not a self-contained plugin.
            throw new InvalidRequestException(name + " is a fragment (Fragment-Host: " + host.strip()
                    + "); a plugin must be an ordinary bundle");
        }
        return new BundleHeaders(symbolicName, version);
    }

    private static boolean hasManifestElsewhere(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * The identity of a bundle jar.
     *
     * @param symbolicName its Bundle-SymbolicName without directives
     * @param version      its Bundle-Version (0.0.0 when absent)
     */
    record BundleHeaders(String symbolicName, Version version) {
    }
}

package org.dataanalyst.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.dataanalyst.api.ConflictException;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.plugin.PluginInfo;
import org.dataanalyst.api.plugin.PluginService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The plugin service in a real Felix framework with Declarative Services and FileInstall watching the plugin folder,
 * with the sample plugin of {@code tests/sample-plugin} (run type {@code echo}) and its variant that does not resolve.
 * Waits on framework events with timeouts; never sleeps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FolderPluginServiceIT {

    private static final long TIMEOUT_SECONDS = 20;
    private static final String ECHO_FILTER = "(analyst.run.type=echo)";
    private static final String RUN_TYPE = "org.dataanalyst.api.run.RunType";

    @TempDir
    static Path temp;

    Path data;
    Path plugins;
    Framework framework;
    BundleContext context;
    PluginService service;
    byte[] sample;
    byte[] unresolvable;

    @BeforeAll
    void startFramework() throws Exception {
        data = temp.resolve("data");
        plugins = data.resolve("plugins");
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, temp.resolve("cache").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // The API comes from the class path through the system bundle, so that this test and the bundles share its
        // classes (PluginService, the exceptions); SLF4J too, so the bundles log through slf4j-simple.
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.slf4j;version=2.0.17," + apiExports());
        // what the launcher sets
        properties.put("analyst.data", data.toString());
        properties.put("felix.fileinstall.dir", plugins.toString());
        properties.put("felix.fileinstall.poll", "500");
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.bundles.new.start", "true");
        properties.put("felix.fileinstall.log.level", "3");
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(properties);
        framework.start();
        context = framework.getBundleContext();
        List<Bundle> installed = Arrays.stream(System.getProperty("it.platform.bundles").split(","))
                .map(path -> install(Path.of(path.strip())))
                .toList();
        for (Bundle bundle : installed) {
            bundle.start();
        }
        ServiceTracker<PluginService, PluginService> tracker = new ServiceTracker<>(context, PluginService.class, null);
        tracker.open();
        service = tracker.waitForService(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        assertNotNull(service, "PluginService did not appear");
        sample = jar(Path.of(System.getProperty("it.sample.plugin")));
        unresolvable = unresolvable(sample);
    }

    private static String apiExports() throws IOException {
        Path api = Path.of(System.getProperty("it.api"));
        try (InputStream in = Files.isDirectory(api) ? Files.newInputStream(api.resolve("META-INF/MANIFEST.MF"))
                : new java.util.jar.JarFile(api.toFile()).getInputStream(new java.util.jar.JarEntry("META-INF/MANIFEST.MF"))) {
            return new Manifest(in).getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        }
    }

    @AfterAll
    void stopFramework() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        }
    }

    @AfterEach
    void removeAllPlugins() throws IOException {
        for (PluginInfo plugin : service.list()) {
            service.uninstall(plugin.id());
        }
        assertEquals(List.of(), service.list());
        assertEquals(List.of(), files(plugins), "plugin folder");
        assertEquals(List.of(), files(data.resolve("plugins.staging")), "staging folder");
    }

    @Test
    void installStartsThePluginAndItsServicesAtOnce() throws Exception {
        PluginInfo info = service.install("sample.jar", new ByteArrayInputStream(sample));

        assertEquals("org.dataanalyst.tests.sample-plugin", info.symbolicName());
        assertEquals("ACTIVE", info.state());
        assertEquals(List.of("run-type:echo"), info.services());
        assertNull(info.problem());
        assertEquals(plugins.resolve("sample.jar").toFile().getCanonicalFile().toURI().toString(), info.location());
        assertTrue(Files.isRegularFile(plugins.resolve("sample.jar")));
        assertEquals(1, echoServices(), "the run type is registered when install returns");
        assertEquals(List.of(info), service.list());
    }

    @Test
    void uninstallRemovesTheJarAndTheServices() throws Exception {
        PluginInfo info = service.install("sample.jar", new ByteArrayInputStream(sample));
        Bundle bundle = context.getBundle(info.id());

        service.uninstall(info.id());

        assertEquals(Bundle.UNINSTALLED, bundle.getState());
        assertEquals(0, echoServices(), "the run type is gone when uninstall returns");
        assertFalse(Files.exists(plugins.resolve("sample.jar")));
        assertEquals(List.of(), service.list());
    }

    @Test
    void aPluginIsInstalledOnceUnderItsSymbolicName() {
        PluginInfo info = service.install("sample.jar", new ByteArrayInputStream(sample));

        ConflictException again = assertThrows(ConflictException.class,
                () -> service.install("sample-copy.jar", new ByteArrayInputStream(sample)));
        assertTrue(again.getMessage().contains("already installed (id " + info.id()), again.getMessage());
        assertEquals(List.of(info), service.list());
    }

    @Test
    void aPluginCannotReplaceAPlatformBundle() throws IOException {
        byte[] impostor = bundleJar("org.dataanalyst.plugins", "1.0.0");
        ConflictException e = assertThrows(ConflictException.class,
                () -> service.install("api.jar", new ByteArrayInputStream(impostor)));
        assertTrue(e.getMessage().contains("platform bundle"), e.getMessage());
    }

    @Test
    void aJarThatDoesNotResolveIsTakenOutAgain() {
        long bundlesBefore = context.getBundles().length;

        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> service.install("broken.jar", new ByteArrayInputStream(unresolvable)));

        assertTrue(e.getMessage().contains("org.example.missing"), e.getMessage());
        assertTrue(e.getMessage().startsWith("plugin org.dataanalyst.tests.sample-plugin.unresolvable"), e.getMessage());
        assertFalse(Files.exists(plugins.resolve("broken.jar")));
        assertEquals(bundlesBefore, context.getBundles().length, "no bundle left behind");
    }

    @Test
    void somethingThatIsNotABundleChangesNothing() throws IOException {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> service.install("notes.jar", new ByteArrayInputStream("just text".getBytes())));
        assertTrue(e.getMessage().startsWith("not an OSGi bundle: notes.jar"), e.getMessage());
        assertThrows(InvalidRequestException.class, () -> service.install("../x.txt", new ByteArrayInputStream(sample)));
    }

    @Test
    void aJarDroppedIntoTheFolderIsAPlugin() throws Exception {
        CountDownLatch started = await(BundleEvent.STARTED, "dropped.jar");
        Files.copy(new ByteArrayInputStream(sample), plugins.resolve("dropped.jar"));
        assertTrue(started.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "FileInstall did not start the dropped jar");

        PluginInfo info = single(service.list());
        assertEquals("ACTIVE", info.state());
        assertEquals(List.of("run-type:echo"), info.services());
        assertTrue(info.location().endsWith("/plugins/dropped.jar"), info.location());
    }

    @Test
    void aDroppedJarThatDoesNotResolveIsListedWithItsProblem() throws Exception {
        CountDownLatch installed = await(BundleEvent.INSTALLED, "broken.jar");
        Files.copy(new ByteArrayInputStream(unresolvable), plugins.resolve("broken.jar"));
        assertTrue(installed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "FileInstall did not install the dropped jar");

        PluginInfo info = single(service.list());
        assertEquals("INSTALLED", info.state());
        assertNotNull(info.problem());
        assertTrue(info.problem().contains("org.example.missing"), info.problem());
        assertEquals(info, single(service.list()), "the answer is cached and stable");
    }

    @Test
    void replacingADroppedJarByHandUpdatesThePlugin() throws Exception {
        PluginInfo info = service.install("sample.jar", new ByteArrayInputStream(sample));
        CountDownLatch updated = await(BundleEvent.UPDATED, "sample.jar");
        Path replacement = temp.resolve("replacement.jar");
        Files.write(replacement, sample);
        Files.move(replacement, plugins.resolve("sample.jar"), StandardCopyOption.REPLACE_EXISTING);
        // a copy with a new time stamp: FileInstall sees a change and updates the same bundle
        Files.setLastModifiedTime(plugins.resolve("sample.jar"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertTrue(updated.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "FileInstall did not update the bundle");
        assertEquals(info.id(), single(service.list()).id());
    }

    @Test
    void aBuiltinPluginIsListedUninstalledUntilRestartAndInstalledAgainOutsideTheFolder() throws Exception {
        byte[] connector = variant(sample, "org.dataanalyst.connector.itest", null);
        Path product = temp.resolve("product").resolve("org.dataanalyst.connector.itest.jar");
        Files.createDirectories(product.getParent());
        Files.write(product, connector);
        Bundle shipped = install(product); // as the launcher installs the product's bundles: not from the plugin folder
        shipped.start();
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);

        PluginInfo listed = single(service.list());
        assertTrue(listed.builtin(), listed::toString);
        assertEquals(shipped.getBundleId(), listed.id());
        assertEquals("ACTIVE", listed.state());
        assertEquals(List.of("run-type:echo"), listed.services());
        ConflictException present = assertThrows(ConflictException.class,
                () -> service.install("connector.jar", new ByteArrayInputStream(connector)));
        assertTrue(present.getMessage().contains("built-in plugin org.dataanalyst.connector.itest"), present.getMessage());

        service.uninstall(listed.id());

        assertEquals(Bundle.UNINSTALLED, shipped.getState());
        assertEquals(0, echoServices(), "its services are gone when uninstall returns");
        assertEquals(List.of(), service.list());
        assertEquals(List.of(), List.copyOf(wiring.getRemovalPendingBundles()), "refreshed: nothing keeps its classes");
        assertThrows(NotFoundException.class, () -> service.uninstall(listed.id()));

        PluginInfo again = service.install("connector.jar", new ByteArrayInputStream(connector));

        assertTrue(again.builtin(), again::toString);
        assertEquals("ACTIVE", again.state());
        assertEquals("builtin:org.dataanalyst.connector.itest", again.location());
        assertEquals(List.of("run-type:echo"), again.services());
        assertEquals(1, echoServices(), "its services are back when install returns");
        assertEquals(List.of(), files(plugins), "not written into the plugin folder: the product brings its own copy");
        assertEquals(List.of(again), service.list());

        service.uninstall(again.id());
        assertEquals(0, echoServices());
        assertEquals("builtin:org.dataanalyst.connector.itest",
                service.install("again.jar", new ByteArrayInputStream(connector)).location(), "as often as one likes");
    }

    @Test
    void aJarNamedLikeABuiltinThatNeverWasOneIsAnOrdinaryPlugin() throws IOException {
        byte[] newcomer = variant(sample, "org.dataanalyst.connector.newcomer", null);
        PluginInfo info = service.install("newcomer.jar", new ByteArrayInputStream(newcomer));
        assertFalse(info.builtin());
        assertTrue(Files.isRegularFile(plugins.resolve("newcomer.jar")), "a plugin: its jar is in the plugin folder");
    }

    @Test
    void aBuiltinThatDoesNotResolveIsTakenOutAgain() throws Exception {
        byte[] connector = variant(sample, "org.dataanalyst.connector.fragile", null);
        Path product = temp.resolve("product").resolve("org.dataanalyst.connector.fragile.jar");
        Files.createDirectories(product.getParent());
        Files.write(product, connector);
        Bundle shipped = install(product);
        shipped.start();
        service.uninstall(shipped.getBundleId());
        long bundlesBefore = context.getBundles().length;

        byte[] broken = variant(sample, "org.dataanalyst.connector.fragile", "org.example.missing");
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> service.install("fragile.jar", new ByteArrayInputStream(broken)));

        assertTrue(e.getMessage().startsWith("built-in plugin org.dataanalyst.connector.fragile"), e.getMessage());
        assertTrue(e.getMessage().contains("org.example.missing"), e.getMessage());
        assertEquals(bundlesBefore, context.getBundles().length, "no bundle left behind");
        assertEquals("builtin:org.dataanalyst.connector.fragile",
                service.install("fragile.jar", new ByteArrayInputStream(connector)).location(), "still a built-in");
    }

    @Test
    void onlyPluginsCanBeUninstalled() {
        long self = Arrays.stream(context.getBundles())
                .filter(b -> "org.dataanalyst.plugins".equals(b.getSymbolicName())).findFirst().orElseThrow().getBundleId();
        assertThrows(NotFoundException.class, () -> service.uninstall(self));
        assertThrows(NotFoundException.class, () -> service.uninstall(0));
        assertThrows(NotFoundException.class, () -> service.uninstall(987_654));
        assertEquals(Bundle.ACTIVE, context.getBundle(self).getState());
    }

    // ----------------------------------------------------------------------------------------------------------------

    /** Installs a bundle jar, or an exploded bundle folder (this module's target/classes) by reference. */
    private Bundle install(Path jar) {
        try {
            if (Files.isDirectory(jar)) {
                return context.installBundle("reference:" + jar.toUri());
            }
            try (InputStream in = Files.newInputStream(jar)) {
                return context.installBundle(jar.toUri().toString(), in);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot install " + jar, e);
        }
    }

    private int echoServices() throws InvalidSyntaxException {
        ServiceReference<?>[] references = context.getAllServiceReferences(RUN_TYPE, ECHO_FILTER);
        return references == null ? 0 : references.length;
    }

    /** A latch opened by the first bundle event of that type for a bundle installed from {@code fileName}. */
    private CountDownLatch await(int type, String fileName) {
        CountDownLatch latch = new CountDownLatch(1);
        BundleListener listener = new BundleListener() {
            @Override
            public void bundleChanged(BundleEvent event) {
                if (event.getType() == type && event.getBundle().getLocation().endsWith("/" + fileName)) {
                    latch.countDown();
                    context.removeBundleListener(this);
                }
            }
        };
        context.addBundleListener(listener);
        return latch;
    }

    private static PluginInfo single(List<PluginInfo> list) {
        assertEquals(1, list.size(), list::toString);
        return list.get(0);
    }

    private static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    /**
     * @param artifact a jar, or (when Maven resolves a reactor module that is not packaged yet) its classes folder
     * @return the jar's bytes, with the manifest as its first entry
     */
    private static byte[] jar(Path artifact) throws IOException {
        if (!Files.isDirectory(artifact)) {
            return Files.readAllBytes(artifact);
        }
        Manifest manifest;
        try (InputStream in = Files.newInputStream(artifact.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest); Stream<Path> files = Files.walk(artifact)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = artifact.relativize(file).toString().replace('\\', '/');
                if (!name.equals("META-INF/MANIFEST.MF")) {
                    jar.putNextEntry(new java.util.jar.JarEntry(name));
                    Files.copy(file, jar);
                }
            }
        }
        return bytes.toByteArray();
    }

    /**
     * The sample plugin as another bundle that cannot resolve: symbolic name {@code ….unresolvable}, importing
     * {@code org.example.missing}, which nobody exports (the same as tests/sample-plugin's {@code unresolvable}
     * artifact, made here so that this test needs only the plugin's main artifact).
     */
    private static byte[] unresolvable(byte[] plugin) throws IOException {
        return variant(plugin, "org.dataanalyst.tests.sample-plugin.unresolvable", "org.example.missing");
    }

    /**
     * The sample plugin under another symbolic name, optionally importing a package nobody exports.
     */
    private static byte[] variant(byte[] plugin, String symbolicName, String missingImport) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(new ByteArrayInputStream(plugin))) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            main.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
            if (missingImport != null) {
                main.putValue(Constants.IMPORT_PACKAGE, main.getValue(Constants.IMPORT_PACKAGE) + "," + missingImport);
            }
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (java.util.jar.JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                    out.putNextEntry(new java.util.jar.JarEntry(entry.getName()));
                    in.transferTo(out);
                }
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] bundleJar(String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        main.putValue(Constants.BUNDLE_VERSION, version);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.flush();
        }
        return bytes.toByteArray();
    }
}

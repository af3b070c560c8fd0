package org.dataanalyst.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.dataanalyst.api.ConflictException;
import org.dataanalyst.api.dataset.ConnectorInfo;
import org.dataanalyst.api.dataset.DatasetService;
import org.dataanalyst.api.plugin.PluginInfo;
import org.dataanalyst.api.plugin.PluginService;
import org.dataanalyst.spi.connector.Connector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The connectors that ship with the product are built-in plugins: the PostgreSQL connector is uninstalled at runtime
 * through the plugin service — its service and its kind disappear from the running platform — and installed again from
 * its jar, which brings both back; no restart.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ConnectorDynamicsTest {

    static final String FILES = "org.dataanalyst.connector.files";
    static final String POSTGRES = "org.dataanalyst.connector.postgres";
    static final String SQLITE = "org.dataanalyst.connector.sqlite";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 30_000)
    PluginService plugins;

    @InjectService(timeout = 30_000)
    DatasetService datasets;

    /** Whatever happens in a test, the platform keeps its PostgreSQL connector for the tests after it. */
    @AfterEach
    void restorePostgresConnector() throws Exception {
        if (bundle(POSTGRES).isEmpty()) {
            try (InputStream jar = Files.newInputStream(postgresJar())) {
                plugins.install("org.dataanalyst.connector.postgres.jar", jar);
            }
        }
    }

    @Test
    void theThreeConnectorBundlesRegisterTheirConnectorsAndAreBuiltinPlugins() {
        await(() -> kinds().containsAll(List.of("csv", "tsv", "parquet", "json", "ndjson", "jsonl", "postgres", "sqlite")),
                () -> "connector kinds: " + kinds());
        for (String name : List.of(FILES, POSTGRES, SQLITE)) {
            Bundle bundle = bundle(name).orElseThrow(() -> new AssertionError(name + " is not installed"));
            assertEquals(Bundle.ACTIVE, bundle.getState(), name);
            assertFalse(connectorServicesOf(name).isEmpty(), name + " registers a Connector service");
            assertTrue(datasets.connectors().stream().anyMatch(c -> name.equals(c.bundle())), name + " in connectors()");
            PluginInfo info = plugin(name).orElseThrow(() -> new AssertionError(name + " is not listed: " + plugins.list()));
            assertTrue(info.builtin(), info::toString);
            assertEquals(bundle.getBundleId(), info.id());
        }
        assertTrue(plugin(POSTGRES).orElseThrow().services().contains("connector:postgres"), () -> plugins.list().toString());
    }

    @Test
    void thePostgresConnectorIsUninstalledAndInstalledAgainWithoutARestart() throws Exception {
        Path jar = postgresJar();
        await(() -> kinds().contains("postgres"), () -> "connector kinds: " + kinds());
        PluginInfo shipped = plugin(POSTGRES).orElseThrow(() -> new AssertionError("not listed: " + plugins.list()));
        assertTrue(shipped.builtin());
        try (InputStream in = Files.newInputStream(jar)) {
            ConflictException present = assertThrows(ConflictException.class, () -> plugins.install("pg.jar", in),
                    "installed already: 409");
            assertTrue(present.getMessage().contains(POSTGRES), present.getMessage());
        }

        plugins.uninstall(shipped.id());

        assertTrue(bundle(POSTGRES).isEmpty(), "the bundle is gone from the framework");
        assertEquals(List.of(), connectorServicesOf(POSTGRES), "its Connector service is unregistered");
        assertEquals(List.of(), postgresServices(), "no service of kind postgres is left");
        assertFalse(kinds().contains("postgres"), () -> "dropped from connectors(): " + kinds());
        assertTrue(datasets.connectors().stream().noneMatch(c -> POSTGRES.equals(c.bundle())));
        assertTrue(kinds().containsAll(List.of("csv", "parquet", "sqlite")), () -> "the others stay: " + kinds());
        assertTrue(plugin(POSTGRES).isEmpty(), () -> "not listed: " + plugins.list());
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        assertEquals(List.of(), List.copyOf(wiring.getRemovalPendingBundles()), "refreshed: nothing keeps its classes");

        PluginInfo again;
        try (InputStream in = Files.newInputStream(jar)) {
            again = plugins.install("org.dataanalyst.connector.postgres.jar", in);
        }

        assertTrue(again.builtin(), again::toString);
        assertEquals(POSTGRES, again.symbolicName());
        assertEquals("ACTIVE", again.state());
        assertEquals(List.of(), pluginFolderJars(), "a built-in is not written into <data>/plugins");
        await(() -> kinds().contains("postgres"), () -> "back in connectors(): " + kinds());
        assertFalse(postgresServices().isEmpty(), "its service is registered again");
        ConnectorInfo postgres = datasets.connectors().stream().filter(c -> c.kinds().contains("postgres")).findFirst()
                .orElseThrow();
        assertEquals(POSTGRES, postgres.bundle());
        assertEquals(again.version(), postgres.bundleVersion());
        assertEquals(again.id(), plugin(POSTGRES).orElseThrow().id());
    }

    // ----------------------------------------------------------------------------------------------------------------

    private static Path postgresJar() {
        String path = System.getProperty("itest.connector.postgres.jar");
        assertNotNull(path, "system property itest.connector.postgres.jar (test.bndrun)");
        Path jar = Path.of(path);
        assertTrue(Files.isRegularFile(jar), "the connector jar copied by the pom: " + jar);
        return jar;
    }

    private Set<String> kinds() {
        Set<String> kinds = new TreeSet<>();
        datasets.connectors().forEach(c -> kinds.addAll(c.kinds()));
        return kinds;
    }

    private Optional<Bundle> bundle(String symbolicName) {
        return Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED)
                .findFirst();
    }

    private Optional<PluginInfo> plugin(String symbolicName) {
        return plugins.list().stream().filter(p -> symbolicName.equals(p.symbolicName())).findFirst();
    }

    private List<ServiceReference<?>> connectorServicesOf(String symbolicName) {
        return allConnectorServices(null).stream()
                .filter(r -> r.getBundle() != null && symbolicName.equals(r.getBundle().getSymbolicName()))
                .toList();
    }

    private List<ServiceReference<?>> postgresServices() {
        return allConnectorServices("(" + Connector.KIND_PROPERTY + "=postgres)");
    }

    private List<ServiceReference<?>> allConnectorServices(String filter) {
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(Connector.class.getName(), filter);
            return references == null ? List.of() : List.of(references);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private List<Path> pluginFolderJars() throws Exception {
        Path folder = Path.of(context.getProperty("felix.fileinstall.dir"));
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList();
        }
    }

    /** Waits (bounded) for a condition that a service event makes true; never a fixed sleep. */
    private static void await(BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s; " + state.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}

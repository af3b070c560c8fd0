package org.dataanalyst.plugins.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EventObject;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.dataanalyst.api.ConflictException;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Platform;
import org.dataanalyst.api.plugin.PluginInfo;
import org.dataanalyst.api.plugin.PluginService;
import org.dataanalyst.plugins.internal.PluginJars.BundleHeaders;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin bundles are the jars in the plugin folder ({@code <data>/plugins} by default), which Felix FileInstall
 * watches: it installs and starts a jar that appears, updates one that changes and uninstalls one that disappears.
 * This service never installs a bundle itself; it puts a jar into the folder or takes it out, and waits for
 * FileInstall to act on it. So the folder is the single source of truth: a jar a user copies in by hand is a plugin
 * like an uploaded one, and every plugin comes back after a restart.
 *
 * <p>Installing refuses a jar whose symbolic name is taken, by a platform bundle or by a plugin: a plugin is
 * replaced by uninstalling the old version first (FileInstall would otherwise update a bundle of the same name and
 * version in place, or run two versions side by side). A jar that installs but does not resolve is taken out again,
 * so a failed install changes nothing, and the error names the missing requirement.
 *
 * <p>The built-in plugins (see {@link Builtins}), bundles of the product rather than jars in the folder, are listed
 * too and can be uninstalled and installed again at runtime; both last until the next start, when the product
 * installs its own copy again. This service installs and uninstalls those itself, and refreshes the framework's
 * wiring after an uninstall so that nothing keeps using the old classes.
 */
@Component(service = PluginService.class, configurationPid = FolderPluginService.PID, immediate = true)
@Designate(ocd = FolderPluginService.Config.class)
public final class FolderPluginService implements PluginService {

    /** Configuration PID. */
    public static final String PID = "org.dataanalyst.plugins";

    /** The framework property naming the folder FileInstall watches. */
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";

    /** After FileInstall refreshed a new bundle it starts it at once; this long without a sign means it failed. */
    private static final long START_GRACE_NANOS = Duration.ofMillis(500).toNanos();

    /** FileInstall refreshes every bundle it installs; if that event is missed, diagnose after this long anyway. */
    private static final long REFRESH_WAIT_NANOS = Duration.ofSeconds(5).toNanos();

    private static final Logger LOG = LoggerFactory.getLogger(FolderPluginService.class);

    @ObjectClassDefinition(name = "data-analyst plugins",
            description = "The plugin folder: bundle jars in it are installed and started by Felix FileInstall.")
    public @interface Config {
        @AttributeDefinition(name = "Plugin folder", description = "Folder of plugin jars; empty means <data>/plugins. "
                + "A relative path is resolved against the data folder. It must be the folder FileInstall watches "
                + "(framework property felix.fileinstall.dir).")
        String folder() default "";

        @AttributeDefinition(name = "Largest plugin jar", description = "Uploads larger than this many bytes are refused.", min = "1")
        long max__jar__bytes() default 64L * 1024 * 1024;

        @AttributeDefinition(name = "Install timeout", description = "Seconds to wait for FileInstall to install and start, "
                + "or to uninstall, a plugin.", min = "1")
        int install__timeout__seconds() default 20;
    }

    private final BundleContext context;
    private final FrameworkWiring wiring;
    private final PluginFolder folder;
    private final long maxJarBytes;
    private final Duration timeout;
    private final Problems problems;
    private final ServiceTags tags;
    private final Builtins builtins;
    private final Object changes = new Object();

    @Activate
    public FolderPluginService(BundleContext context, Config config) {
        this.context = context;
        this.wiring = context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(FrameworkWiring.class);
        Path data = Platform.dataDirectory(context::getProperty);
        String configured = config.folder() == null ? "" : config.folder().strip();
        this.folder = new PluginFolder(configured.isEmpty() ? data.resolve("plugins") : data.resolve(configured));
        this.maxJarBytes = Math.max(1, config.max__jar__bytes());
        this.timeout = Duration.ofSeconds(Math.max(1, config.install__timeout__seconds()));
        this.problems = new Problems(wiring);
        this.tags = new ServiceTags(context);
        File record = context.getDataFile("builtins-uninstalled.txt");
        this.builtins = new Builtins(record == null ? null : record.toPath());
        try {
            folder.create();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the plugin folder " + folder.path(), e);
        }
        clearStaging();
        String watched = context.getProperty(FILEINSTALL_DIR);
        if (!folder.isNamedBy(watched)) {
            LOG.warn("The plugin folder {} is not the folder FileInstall watches ({}={}): plugins will not install",
                    folder.path(), FILEINSTALL_DIR, watched);
        }
        context.addBundleListener(problems);
        LOG.info("Plugin folder {} (max_jar_bytes={}, install_timeout_seconds={})", folder.path(), maxJarBytes,
                timeout.toSeconds());
    }

    @Deactivate
    void deactivate() {
        try {
            context.removeBundleListener(problems);
        } catch (IllegalStateException stopping) {
            // the framework removes it with our bundle
        }
    }

    @Override
    public List<PluginInfo> list() {
        List<PluginInfo> plugins = new ArrayList<>();
        Set<Long> services = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            if (folder.fileOf(bundle.getLocation()).isPresent()) {
                plugins.add(info(bundle, false));
                collectServiceIds(bundle, services);
            } else if (isBuiltin(bundle)) {
                plugins.add(info(bundle, true));
                collectServiceIds(bundle, services);
            }
        }
        tags.retainOnly(services);
        return plugins;
    }

    @Override
    public PluginInfo install(String fileName, InputStream jar) {
        String name = PluginJars.fileName(fileName);
        synchronized (changes) {
            Path staged = stage(name, jar);
            try {
                BundleHeaders headers = PluginJars.headers(staged, name);
                if (builtins.wasUninstalled(headers.symbolicName()) && bundleNamed(headers.symbolicName()) == null) {
                    return installBuiltin(staged, name, headers);
                }
                Path target = folder.path().resolve(name);
                checkConflicts(headers, name, target);
                return moveInAndStart(staged, target, name, headers);
            } finally {
                deleteQuietly(staged);
            }
        }
    }

    @Override
    public void uninstall(long id) {
        synchronized (changes) {
            Bundle bundle = context.getBundle(id);
            Optional<Path> file = bundle == null ? Optional.empty() : folder.fileOf(bundle.getLocation());
            if (file.isEmpty() && bundle != null && isBuiltin(bundle)) {
                uninstallBuiltin(bundle);
                return;
            }
            if (file.isEmpty()) {
                throw new NotFoundException("no plugin with id " + id);
            }
            String label = bundle.getSymbolicName() + " " + bundle.getVersion();
            try (FrameworkEvents events = FrameworkEvents.open(context)) {
                Files.deleteIfExists(file.get());
                if (!awaitUninstalled(events, bundle, System.nanoTime() + timeout.toNanos())) {
                    LOG.warn("FileInstall did not uninstall plugin {} within {} s; uninstalling it directly", label,
                            timeout.toSeconds());
                    uninstallDirectly(bundle);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete plugin jar " + file.get(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while uninstalling plugin " + label, e);
            }
            LOG.info("Uninstalled plugin {} (id {}, {})", label, id, file.get().getFileName());
        }
    }

    // ----------------------------------------------------------------------------------------------------------------

    private PluginInfo info(Bundle bundle, boolean builtin) {
        return new PluginInfo(bundle.getBundleId(), bundle.getSymbolicName(), bundle.getVersion().toString(),
                stateName(bundle.getState()), bundle.getLocation(), tags.of(bundle), problems.of(bundle), builtin);
    }

    /** A built-in plugin: a bundle of the product (not from the plugin folder) named like a connector, profiler… */
    private boolean isBuiltin(Bundle bundle) {
        return bundle.getBundleId() != Constants.SYSTEM_BUNDLE_ID && Builtins.isBuiltinName(bundle.getSymbolicName())
                && folder.fileOf(bundle.getLocation()).isEmpty();
    }

    private Bundle bundleNamed(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName()) && bundle.getState() != Bundle.UNINSTALLED) {
                return bundle;
            }
        }
        return null;
    }

    /**
     * Uninstalls a built-in plugin for the rest of this process, then refreshes the wiring so that no bundle keeps
     * its classes (a built-in exports nothing, so normally only the uninstalled bundle itself is refreshed). Its
     * services are unregistered by the time {@code uninstall()} returns.
     */
    private void uninstallBuiltin(Bundle bundle) {
        String label = bundle.getSymbolicName() + " " + bundle.getVersion();
        long id = bundle.getBundleId();
        builtins.markUninstalled(bundle.getSymbolicName());
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            if (bundle.getState() != Bundle.UNINSTALLED) {
                throw new IllegalStateException("cannot uninstall built-in plugin " + label + ": " + e.getMessage(), e);
            }
        }
        refresh(bundle, label);
        LOG.info("Uninstalled built-in plugin {} (id {}) until the next start", label, id);
    }

    /** Refreshes the wiring of an uninstalled bundle and of everything wired to it; waits until that is done. */
    private void refresh(Bundle bundle, String label) {
        Collection<Bundle> closure = wiring.getDependencyClosure(List.of(bundle));
        List<String> others = closure.stream().filter(b -> b.getBundleId() != bundle.getBundleId())
                .map(Bundle::getSymbolicName).toList();
        if (!others.isEmpty()) {
            LOG.info("Refreshing {} after uninstalling {}: they were wired to it", others, label);
        }
        CountDownLatch refreshed = new CountDownLatch(1);
        wiring.refreshBundles(List.of(bundle), event -> refreshed.countDown());
        try {
            if (!refreshed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Refreshing the framework after uninstalling {} did not end within {} s", label,
                        timeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while refreshing after uninstalling " + label, e);
        }
    }

    /**
     * Installs a built-in plugin uninstalled earlier in this process again from an uploaded jar, and starts it: for
     * the rest of this process only, so the jar does not go into the plugin folder (at the next start it would clash
     * with the product's own copy). The framework copies the jar into its cache.
     */
    private PluginInfo installBuiltin(Path staged, String name, BundleHeaders headers) {
        String label = headers.symbolicName() + " " + headers.version();
        Bundle bundle;
        try (InputStream in = Files.newInputStream(staged)) {
            bundle = context.installBundle(Builtins.location(headers.symbolicName()), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded plugin " + name, e);
        } catch (BundleException e) {
            throw new InvalidRequestException("built-in plugin " + label + " cannot be installed from " + name + ": "
                    + Problems.concise(e.getMessage()), e);
        }
        String problem = startOrExplain(bundle);
        if (problem != null) {
            try {
                bundle.uninstall();
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("Cannot uninstall the failed built-in plugin {}: {}", label, e.toString());
            }
            refresh(bundle, label);
            throw new InvalidRequestException("built-in plugin " + label + " cannot be installed: " + problem);
        }
        builtins.markInstalled(headers.symbolicName());
        LOG.info("Installed built-in plugin {} again (id {}, from {}) until the next start", label, bundle.getBundleId(), name);
        return info(bundle, true);
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN";
        };
    }

    private static void collectServiceIds(Bundle bundle, Set<Long> ids) {
        try {
            ServiceReference<?>[] references = bundle.getRegisteredServices();
            if (references != null) {
                for (ServiceReference<?> reference : references) {
                    ids.add((Long) reference.getProperty(Constants.SERVICE_ID));
                }
            }
        } catch (IllegalStateException uninstalled) {
            // gone meanwhile
        }
    }

    private Path stage(String name, InputStream jar) {
        Path staged;
        try {
            Files.createDirectories(folder.staging());
            staged = folder.staging().resolve("upload-" + System.nanoTime() + "-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the staging folder " + folder.staging(), e);
        }
        try {
            PluginJars.copy(jar, staged, maxJarBytes);
            return staged;
        } catch (IOException e) {
            deleteQuietly(staged);
            throw new UncheckedIOException("cannot store the uploaded plugin " + name, e);
        } catch (RuntimeException e) {
            deleteQuietly(staged);
            throw e;
        }
    }

    private void checkConflicts(BundleHeaders headers, String name, Path target) {
        for (Bundle bundle : context.getBundles()) {
            Optional<Path> file = folder.fileOf(bundle.getLocation());
            if (headers.symbolicName().equals(bundle.getSymbolicName())) {
                if (file.isPresent()) {
                    throw new ConflictException("plugin " + bundle.getSymbolicName() + " " + bundle.getVersion()
                            + " is already installed (id " + bundle.getBundleId() + ", " + file.get().getFileName()
                            + "); uninstall it first to install " + headers.version());
                }
                if (isBuiltin(bundle)) {
                    throw new ConflictException("built-in plugin " + bundle.getSymbolicName() + " " + bundle.getVersion()
                            + " is already installed (id " + bundle.getBundleId() + "); uninstall it first to install "
                            + headers.version() + " in its place until the next start");
                }
                throw new ConflictException(headers.symbolicName() + " is the symbolic name of a platform bundle; "
                        + "a plugin cannot replace it");
            }
            if (file.isPresent() && file.get().getFileName().toString().equals(name)) {
                throw new ConflictException("plugin file " + name + " belongs to installed plugin "
                        + bundle.getSymbolicName() + " (id " + bundle.getBundleId() + "); choose another file name");
            }
        }
        if (Files.exists(target)) {
            throw new ConflictException("a file named " + name + " is already in the plugin folder; choose another file name");
        }
    }

    private PluginInfo moveInAndStart(Path staged, Path target, String name, BundleHeaders headers) {
        String label = headers.symbolicName() + " " + headers.version();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (FrameworkEvents events = FrameworkEvents.open(context)) {
            try {
                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move the plugin into " + folder.path(), e);
            }
            Bundle bundle = awaitInstalled(events, name, deadline);
            if (bundle == null) {
                deleteQuietly(target);
                throw new IllegalStateException("FileInstall did not install " + name + " within " + timeout.toSeconds()
                        + " s; is " + FILEINSTALL_DIR + " set to " + folder.path() + "?");
            }
            String problem = awaitStarted(events, bundle, deadline);
            if (problem != null) {
                removeFailed(events, bundle, target);
                throw new InvalidRequestException("plugin " + label + " cannot be installed: " + problem);
            }
            LOG.info("Installed plugin {} (id {}, {})", label, bundle.getBundleId(), name);
            return info(bundle, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(target);
            throw new IllegalStateException("interrupted while installing plugin " + label, e);
        }
    }

    private Bundle awaitInstalled(FrameworkEvents events, String name, long deadline) throws InterruptedException {
        Bundle found = installedFrom(name);
        while (found == null) {
            EventObject event = events.next(deadline);
            if (event == null) {
                return null;
            }
            if (event instanceof BundleEvent e && e.getType() == BundleEvent.INSTALLED && isFrom(e.getBundle(), name)) {
                found = e.getBundle();
            }
        }
        return found;
    }

    private Bundle installedFrom(String name) {
        for (Bundle bundle : context.getBundles()) {
            if (isFrom(bundle, name)) {
                return bundle;
            }
        }
        return null;
    }

    private boolean isFrom(Bundle bundle, String name) {
        return folder.fileOf(bundle.getLocation()).map(f -> f.getFileName().toString().equals(name)).orElse(false);
    }

    /**
     * Waits for FileInstall to start a bundle it just installed. FileInstall installs, refreshes and starts in one
     * go, and says nothing when the start fails (the bundle stays INSTALLED). So: a STARTED event is success; when
     * the refresh is over and no start follows, this tries to start the bundle itself, which either succeeds or fails
     * with the framework's explanation.
     *
     * @return {@code null} when the bundle runs, else why not
     */
    private String awaitStarted(FrameworkEvents events, Bundle bundle, long deadline) throws InterruptedException {
        long diagnoseAt = earliest(deadline, System.nanoTime() + REFRESH_WAIT_NANOS);
        while (System.nanoTime() - diagnoseAt < 0) {
            EventObject event = events.next(diagnoseAt);
            if (event instanceof BundleEvent e && e.getBundle().getBundleId() == bundle.getBundleId()) {
                switch (e.getType()) {
                    case BundleEvent.STARTED, BundleEvent.LAZY_ACTIVATION:
                        // lazy: started as far as FileInstall starts it (with its activation policy); DS has the
                        // components declared and activates them on first use
                        return null;
                    case BundleEvent.UNINSTALLED:
                        return "it was uninstalled while starting";
                    case BundleEvent.RESOLVED, BundleEvent.STARTING:
                        diagnoseAt = deadline; // FileInstall is starting it
                        break;
                    case BundleEvent.STOPPED:
                        diagnoseAt = System.nanoTime(); // its activation failed
                        break;
                    default:
                        break;
                }
            } else if (event instanceof FrameworkEvent e && e.getType() == FrameworkEvent.PACKAGES_REFRESHED
                    && bundle.getState() == Bundle.INSTALLED) {
                diagnoseAt = earliest(diagnoseAt, System.nanoTime() + START_GRACE_NANOS);
            }
        }
        return startOrExplain(bundle);
    }

    /**
     * Starts the bundle (a no-op when it is active). The framework fires STARTED to Declarative Services before
     * {@code start()} returns, so the bundle's components are registered when this returns {@code null}.
     */
    private String startOrExplain(Bundle bundle) {
        try {
            bundle.start();
            return null;
        } catch (BundleException e) {
            return Problems.concise(e.getMessage());
        } catch (IllegalStateException e) {
            return "it was uninstalled while starting";
        }
    }

    private void removeFailed(FrameworkEvents events, Bundle bundle, Path target) throws InterruptedException {
        deleteQuietly(target);
        if (!awaitUninstalled(events, bundle, System.nanoTime() + timeout.toNanos())) {
            LOG.warn("FileInstall did not uninstall the failed plugin {} within {} s; uninstalling it directly",
                    bundle.getSymbolicName(), timeout.toSeconds());
            uninstallDirectly(bundle);
        }
    }

    private static boolean awaitUninstalled(FrameworkEvents events, Bundle bundle, long deadline) throws InterruptedException {
        while (bundle.getState() != Bundle.UNINSTALLED) {
            EventObject event = events.next(deadline);
            if (event == null) {
                return bundle.getState() == Bundle.UNINSTALLED;
            }
        }
        return true;
    }

    private void uninstallDirectly(Bundle bundle) {
        try {
            bundle.uninstall();
            wiring.refreshBundles(List.of(bundle));
        } catch (BundleException | IllegalStateException e) {
            if (bundle.getState() != Bundle.UNINSTALLED) {
                throw new IllegalStateException("cannot uninstall plugin " + bundle.getSymbolicName() + ": " + e.getMessage(), e);
            }
        }
    }

    private void clearStaging() {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder.staging())) {
            for (Path leftover : leftovers) {
                deleteQuietly(leftover);
            }
        } catch (IOException e) {
            LOG.warn("Cannot clear the plugin staging folder {}: {}", folder.staging(), e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", file, e.toString());
        }
    }

    private static long earliest(long a, long b) {
        return a - b < 0 ? a : b;
    }
}

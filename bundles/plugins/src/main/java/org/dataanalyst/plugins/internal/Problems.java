package org.dataanalyst.plugins.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a plugin bundle is not running, cached per bundle and last modification so that listing stays cheap.
 *
 * <p>Only a bundle stuck in {@code INSTALLED} has a problem: the framework could not resolve it. The reason comes
 * from the framework itself: {@link FrameworkWiring#resolveBundles} tells whether it resolves now, and when it
 * does not, {@link Bundle#start()} fails with the resolver's explanation (it names the missing requirement) and
 * changes nothing. Any install, uninstall, update or (un)resolution anywhere can change the answer, so such an
 * event clears the cache.
 */
final class Problems implements BundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    /** Felix's message when the resolver is busy with another thread's resolve. */
    static final String LOCK_BUSY = "Unable to acquire global lock for resolve";
    /** What a busy resolver makes of a problem, after {@link #BUSY_ATTEMPTS} retries (about 1.5 s). */
    static final String BUSY = "the framework is busy resolving other bundles; not known yet why it does not resolve";
    private static final int BUSY_ATTEMPTS = 5;

    private final FrameworkWiring wiring;
    private final Map<Long, Entry> cache = new ConcurrentHashMap<>();

    Problems(FrameworkWiring wiring) {
        this.wiring = wiring;
    }

    /** @return why the bundle is not running, or {@code null} when nothing is wrong */
    String of(Bundle bundle) {
        if (bundle.getState() != Bundle.INSTALLED) {
            return null;
        }
        long modified = bundle.getLastModified();
        Entry cached = cache.get(bundle.getBundleId());
        if (cached != null && cached.lastModified() == modified) {
            return cached.problem();
        }
        String problem = diagnose(bundle);
        if (BUSY.equals(problem)) {
            return problem; // says nothing about the bundle: not kept, the next call asks again
        }
        Entry previous = cache.put(bundle.getBundleId(), new Entry(modified, problem));
        if (problem != null && (previous == null || !problem.equals(previous.problem()))) {
            LOG.warn("Plugin {} ({}) is not running: {}", bundle.getSymbolicName(), bundle.getLocation(), problem);
        }
        return problem;
    }

    /**
     * Finds out why a bundle in {@code INSTALLED} does not resolve.
     *
     * @return the resolver's explanation, or {@code null} when it resolves now
     */
    String diagnose(Bundle bundle) {
        for (int attempt = 0; ; attempt++) {
            if (wiring.resolveBundles(List.of(bundle))) {
                return null;
            }
            try {
                // It does not resolve, so start() cannot activate anything: it fails with the resolver's message.
                bundle.start();
                return null;
            } catch (BundleException | IllegalStateException e) {
                // Felix answers so while another thread (FileInstall…) resolves: no verdict on this bundle yet
                boolean busy = e.getMessage() != null && e.getMessage().contains(LOCK_BUSY);
                if (!busy) {
                    return concise(e.getMessage());
                }
                if (attempt >= BUSY_ATTEMPTS) {
                    return BUSY;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50L << attempt));
            }
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        switch (event.getType()) {
            case BundleEvent.INSTALLED, BundleEvent.UNINSTALLED, BundleEvent.UPDATED, BundleEvent.RESOLVED,
                    BundleEvent.UNRESOLVED -> {
                if (event.getType() == BundleEvent.UNINSTALLED) {
                    cache.remove(event.getBundle().getBundleId());
                }
                cache.replaceAll((id, entry) -> new Entry(Long.MIN_VALUE, entry.problem()));
            }
            default -> {
                // starting and stopping does not change what resolves
            }
        }
    }

    /**
     * Felix explains a resolution failure twice: "Unable to resolve x: missing requirement [...] Unresolved
     * requirements: [...]". The first part names the requirement; the repetition is dropped.
     */
    static String concise(String message) {
        if (message == null || message.isBlank()) {
            return "the bundle does not resolve";
        }
        int repeat = message.indexOf(" Unresolved requirements:");
        return (repeat > 0 ? message.substring(0, repeat) : message).strip();
    }

    private record Entry(long lastModified, String problem) {
    }
}

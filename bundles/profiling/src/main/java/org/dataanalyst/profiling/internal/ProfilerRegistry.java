package org.dataanalyst.profiling.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.dataanalyst.spi.profiler.Profiler;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * The profiler services present now. Callers take a {@link #snapshot()} for one operation (a profile
 * run, a listing) and never keep a profiler beyond it, so a profiler bundle can come and go while the
 * platform runs.
 */
final class ProfilerRegistry {

    /**
     * One profiler service.
     *
     * @param profiler      the service object
     * @param bundle        the symbolic name of the bundle that registered it
     * @param bundleVersion that bundle's version
     * @param ranking       its service ranking
     * @param serviceId     its service id (order of registration)
     */
    record Entry(Profiler profiler, String bundle, String bundleVersion, int ranking, long serviceId) {
        /** @return {@code bundle/version}, as recorded with a failure */
        String origin() {
            return bundle + "/" + bundleVersion;
        }
    }

    /** Highest ranking first, then the oldest service. */
    static final Comparator<Entry> BEST_FIRST = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final AtomicLong syntheticIds = new AtomicLong(Long.MAX_VALUE / 2);

    /** Adds a profiler service as DS hands it over. */
    void add(Profiler profiler, ServiceReference<?> reference) {
        String bundle = reference.getBundle() == null ? "unknown" : reference.getBundle().getSymbolicName();
        String version = reference.getBundle() == null ? "0.0.0" : reference.getBundle().getVersion().toString();
        Object ranking = reference.getProperty(Constants.SERVICE_RANKING);
        Object id = reference.getProperty(Constants.SERVICE_ID);
        entries.add(new Entry(profiler, bundle, version, ranking instanceof Integer r ? r : 0,
                id instanceof Number n ? n.longValue() : syntheticIds.incrementAndGet()));
    }

    /** Adds a profiler directly (tests, tools): what {@link #add(Profiler, ServiceReference)} does for a service. */
    void add(Profiler profiler, String bundle, String bundleVersion) {
        entries.add(new Entry(profiler, bundle, bundleVersion, 0, syntheticIds.incrementAndGet()));
    }

    /** Removes a profiler service. */
    void remove(Profiler profiler) {
        entries.removeIf(e -> e.profiler() == profiler);
    }

    /** @return every profiler service now, best first */
    List<Entry> snapshot() {
        List<Entry> list = new ArrayList<>(entries);
        list.sort(BEST_FIRST);
        return list;
    }
}

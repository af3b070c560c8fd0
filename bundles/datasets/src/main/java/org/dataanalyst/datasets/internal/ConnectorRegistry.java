package org.dataanalyst.datasets.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.dataanalyst.spi.connector.Connector;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * The connector services present now. A kind handled by several connectors goes to the one with the
 * highest service ranking, then the lowest service id. Callers look a connector up for each operation
 * and never keep it beyond that, so a connector bundle can come and go while the platform runs.
 */
final class ConnectorRegistry {

    /**
     * One connector service.
     *
     * @param connector     the service object
     * @param kinds         the kinds it declares ({@value Connector#KIND_PROPERTY})
     * @param bundle        the symbolic name of the bundle that registered it
     * @param bundleVersion that bundle's version
     */
    record Entry(Connector connector, List<String> kinds, String bundle, String bundleVersion, int ranking, long serviceId) {
        Entry {
            kinds = List.copyOf(kinds);
        }

        /** @return {@code bundle/version}, as recorded with a version */
        String origin() {
            return bundle + "/" + bundleVersion;
        }
    }

    private static final Comparator<Entry> BEST_FIRST = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final AtomicLong syntheticIds = new AtomicLong(Long.MAX_VALUE / 2);

    /** Adds a connector service as DS hands it over. */
    void add(Connector connector, ServiceReference<?> reference) {
        String bundle = reference.getBundle() == null ? "unknown" : reference.getBundle().getSymbolicName();
        String version = reference.getBundle() == null ? "0.0.0" : reference.getBundle().getVersion().toString();
        Object ranking = reference.getProperty(Constants.SERVICE_RANKING);
        Object id = reference.getProperty(Constants.SERVICE_ID);
        entries.add(new Entry(connector, kinds(reference.getProperty(Connector.KIND_PROPERTY)), bundle, version,
                ranking instanceof Integer r ? r : 0, id instanceof Number n ? n.longValue() : syntheticIds.incrementAndGet()));
    }

    /** Adds a connector directly (tests, tools): what {@link #add(Connector, ServiceReference)} does for a service. */
    void add(Connector connector, List<String> kinds, String bundle, String bundleVersion) {
        entries.add(new Entry(connector, kinds, bundle, bundleVersion, 0, syntheticIds.incrementAndGet()));
    }

    /** Removes a connector service. */
    void remove(Connector connector) {
        entries.removeIf(e -> e.connector() == connector);
    }

    /** @return the connector handling {@code kind}, if any */
    Optional<Entry> get(String kind) {
        if (kind == null) return Optional.empty();
        return entries.stream().filter(e -> e.kinds().contains(kind)).min(BEST_FIRST);
    }

    /** @return every kind some connector handles, sorted */
    SortedSet<String> kinds() {
        SortedSet<String> kinds = new TreeSet<>();
        entries.forEach(e -> kinds.addAll(e.kinds()));
        return kinds;
    }

    /** @return the known kinds as a sentence fragment for error messages */
    String knownKinds() {
        SortedSet<String> kinds = kinds();
        return kinds.isEmpty() ? "(no connector is installed)" : String.join(", ", kinds);
    }

    /** @return a snapshot of every connector service, best first */
    List<Entry> entries() {
        List<Entry> list = new ArrayList<>(entries);
        list.sort(BEST_FIRST);
        return list;
    }

    static List<String> kinds(Object property) {
        List<String> kinds = new ArrayList<>();
        if (property instanceof String s) {
            kinds.add(s);
        } else if (property instanceof String[] array) {
            kinds.addAll(List.of(array));
        } else if (property instanceof Collection<?> collection) {
            collection.forEach(k -> kinds.add(String.valueOf(k)));
        }
        kinds.removeIf(k -> k == null || k.isBlank());
        return kinds.stream().map(String::strip).distinct().toList();
    }
}

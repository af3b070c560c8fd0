package org.dataanalyst.runs.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.dataanalyst.api.run.RunType;

/**
 * The run type services present now, by name. When two services share a name the one with the highest
 * service ranking (then the lowest service id) wins; removing it brings the other one back. Callers look
 * a type up for each operation and never keep it beyond that.
 */
final class RunTypeRegistry {

    private record Entry(RunType type, int ranking, long serviceId) {
    }

    private static final Comparator<Entry> BEST_FIRST = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final Map<String, List<Entry>> byName = new ConcurrentHashMap<>();
    private final Object changed = new Object();

    void add(String name, RunType type, int ranking, long serviceId) {
        byName.compute(name, (k, entries) -> {
            List<Entry> list = entries == null ? new ArrayList<>() : new ArrayList<>(entries);
            list.add(new Entry(type, ranking, serviceId));
            list.sort(BEST_FIRST);
            return List.copyOf(list);
        });
        wakeWaiters();
    }

    /** @return whether that instance was registered under that name */
    boolean remove(String name, RunType type) {
        boolean[] removed = {false};
        byName.computeIfPresent(name, (k, entries) -> {
            List<Entry> list = new ArrayList<>(entries);
            removed[0] = list.removeIf(e -> e.type() == type);
            return list.isEmpty() ? null : List.copyOf(list);
        });
        wakeWaiters();
        return removed[0];
    }

    Optional<RunType> get(String name) {
        List<Entry> entries = name == null ? null : byName.get(name);
        return entries == null || entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0).type());
    }

    /** @return a snapshot of the current (winning) run type per name */
    Map<String, RunType> snapshot() {
        Map<String, RunType> result = new java.util.TreeMap<>();
        byName.forEach((name, entries) -> {
            if (!entries.isEmpty()) result.put(name, entries.get(0).type());
        });
        return result;
    }

    SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /**
     * Waits until a run type of that name is present, the deadline passes or {@code giveUp} says so
     * (checked whenever the registry changes or {@link #wakeWaiters()} is called).
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @throws InterruptedException when the waiting thread is interrupted
     */
    Optional<RunType> await(String name, long deadlineNanos, BooleanSupplier giveUp) throws InterruptedException {
        synchronized (changed) {
            while (true) {
                Optional<RunType> type = get(name);
                if (type.isPresent() || giveUp.getAsBoolean()) return type;
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) return type;
                long millis = Math.max(1, remaining / 1_000_000);
                changed.wait(millis);
            }
        }
    }

    /** Wakes every {@link #await} so it re-checks its conditions. */
    void wakeWaiters() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }
}

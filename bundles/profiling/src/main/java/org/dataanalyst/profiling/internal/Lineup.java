package org.dataanalyst.profiling.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.profiling.internal.ProfilerRegistry.Entry;

/**
 * The profilers of one snapshot by name: each described once. A profiler that cannot describe itself,
 * or whose name another (better ranked) profiler already has, is left out and reported as a problem.
 */
final class Lineup {

    /** A usable profiler: its service and what it says about itself. */
    record Member(Entry entry, Descriptor descriptor) {
        String name() {
            return descriptor.name();
        }
    }

    /** A profiler left out, and why; {@code name} is its name when known, else its bundle. */
    record Problem(Entry entry, String name, String reason) {
    }

    private final Map<String, Member> members;
    private final List<Problem> problems;

    private Lineup(Map<String, Member> members, List<Problem> problems) {
        this.members = members;
        this.problems = problems;
    }

    /** Describes every entry (best first, as {@link ProfilerRegistry#snapshot()} orders them). */
    static Lineup of(List<Entry> entries) {
        Map<String, Member> byName = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Entry entry : entries) {
            Descriptor descriptor;
            try {
                descriptor = entry.profiler().descriptor();
                if (descriptor == null) throw new IllegalStateException("descriptor() returned null");
            } catch (RuntimeException | LinkageError e) {
                problems.add(new Problem(entry, entry.bundle(), "cannot describe itself: " + Failures.describe(e)));
                continue;
            }
            Member taken = byName.get(descriptor.name());
            if (taken != null) {
                problems.add(new Problem(entry, descriptor.name(), "left out: profiler '" + descriptor.name()
                        + "' of " + taken.entry().origin() + " has the same name and a higher ranking"));
                continue;
            }
            byName.put(descriptor.name(), new Member(entry, descriptor));
        }
        List<Member> sorted = new ArrayList<>(byName.values());
        sorted.sort(Comparator.comparing(Member::name));
        Map<String, Member> members = new LinkedHashMap<>();
        sorted.forEach(m -> members.put(m.name(), m));
        return new Lineup(members, List.copyOf(problems));
    }

    /** @return the usable profilers by name, sorted by name */
    Map<String, Member> members() {
        return members;
    }

    List<Problem> problems() {
        return problems;
    }

    /** @return the names as a sentence fragment for messages */
    String names() {
        return members.isEmpty() ? "(no profiler is running)" : String.join(", ", members.keySet());
    }
}

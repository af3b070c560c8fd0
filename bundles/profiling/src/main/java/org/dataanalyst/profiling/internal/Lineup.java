package org.dataanalyst.profiling.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.profiling.internal.ProfilerRegistry.Entry;

/**
 * The profilers of one snapshot by name: each described once, with the rule types it evaluates. A profiler
 * that cannot describe itself, or whose name another (better ranked) profiler already has, is left out and
 * reported as a problem; a rule type two profilers claim is evaluated by the better ranked one only.
 */
final class Lineup {

    /** A usable profiler: its service, what it says about itself, and the rule types it evaluates (sorted). */
    record Member(Entry entry, Descriptor descriptor, List<String> ruleTypes) {
        String name() {
            return descriptor.name();
        }
    }

    /** A profiler left out, and why; {@code name} is its name when known, else its bundle. */
    record Problem(Entry entry, String name, String reason) {
    }

    private final Map<String, Member> members;
    private final List<Problem> problems;
    private final Map<String, Member> ruleOwners;
    private final List<String> notes;

    private Lineup(Map<String, Member> members, List<Problem> problems, Map<String, Member> ruleOwners, List<String> notes) {
        this.members = members;
        this.problems = problems;
        this.ruleOwners = ruleOwners;
        this.notes = notes;
    }

    /** @return sentences about rule types that profilers could not name or that another profiler evaluates */
    List<String> notes() {
        return notes;
    }

    /** Describes every entry (best first, as {@link ProfilerRegistry#snapshot()} orders them). */
    static Lineup of(List<Entry> entries) {
        Map<String, Member> byName = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
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
            List<String> types = new ArrayList<>();
            try {
                Set<String> declared = entry.profiler().ruleTypes();
                if (declared != null) {
                    declared.stream().filter(t -> t != null && !t.isBlank()).sorted().forEach(types::add);
                }
            } catch (RuntimeException | LinkageError e) {
                notes.add("profiler '" + descriptor.name() + "' of " + entry.origin() + " cannot name the rule types it "
                        + "evaluates (it evaluates none here): " + Failures.describe(e));
            }
            byName.put(descriptor.name(), new Member(entry, descriptor, List.copyOf(types)));
        }
        List<Member> sorted = new ArrayList<>(byName.values());
        sorted.sort(Comparator.comparing(Member::name));
        Map<String, Member> members = new LinkedHashMap<>();
        sorted.forEach(m -> members.put(m.name(), m));
        Map<String, Member> ruleOwners = new LinkedHashMap<>();
        for (Member m : byName.values()) { // best ranked first: it keeps a type that two profilers claim
            for (String type : m.ruleTypes()) {
                Member owner = ruleOwners.putIfAbsent(type, m);
                if (owner != null) {
                    notes.add("profiler '" + m.name() + "' of " + m.entry().origin() + " does not evaluate rules of type '"
                            + type + "' here: profiler '" + owner.name() + "' of " + owner.entry().origin()
                            + " evaluates them and has a higher ranking");
                }
            }
        }
        return new Lineup(members, List.copyOf(problems), ruleOwners, List.copyOf(notes));
    }

    /** @return the profiler that evaluates rules of {@code type}, if one is running */
    Member ruleOwner(String type) {
        return ruleOwners.get(type);
    }

    /** @return every rule type a running profiler evaluates, sorted */
    List<String> ruleTypes() {
        return ruleOwners.keySet().stream().sorted().toList();
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

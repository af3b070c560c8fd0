package org.dataanalyst.datasets.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.Schema;
import org.dataanalyst.api.SchemaDrift;
import org.dataanalyst.api.SchemaDrift.Change;
import org.dataanalyst.api.SchemaDrift.Kind;

/**
 * Compares two schema snapshots. Columns are matched by name (case-sensitive). Rules:
 * <ul>
 * <li>{@code ADDED}: a column only in the newer schema — not breaking.</li>
 * <li>{@code REMOVED}: a column only in the older schema — breaking.</li>
 * <li>{@code RENAMED}: when exactly one column was removed and exactly one added, at the same position,
 * with the same type and nullability, they are reported as one rename instead — breaking (consumers
 * still ask for the old name).</li>
 * <li>{@code TYPE_CHANGED}: breaking unless widening (see {@link EngineTypes}).</li>
 * <li>{@code NULLABILITY_CHANGED}: not-null → nullable is breaking (consumers relying on a value meet
 * NULLs); nullable → not-null is not.</li>
 * <li>{@code MOVED}: the relative order of the columns present in both changed. The fewest columns that
 * explain the new order are reported (those outside a longest order-preserving subsequence); shifts
 * caused only by added or removed columns are not moves. Not breaking: consumers address columns by name.</li>
 * </ul>
 * Changes come in the newer schema's column order (per column: rename or add, move, type, nullability),
 * removed columns last in the older order.
 */
final class Drift {

    private Drift() {
    }

    static SchemaDrift compute(Schema from, Schema to, int fromVersion, int toVersion) {
        List<Column> older = from.columns();
        List<Column> newer = to.columns();
        Map<String, Integer> olderPos = positions(older);
        Map<String, Integer> newerPos = positions(newer);

        List<Integer> removed = new ArrayList<>();
        for (int i = 0; i < older.size(); i++) {
            if (!newerPos.containsKey(older.get(i).name())) removed.add(i);
        }
        List<Integer> added = new ArrayList<>();
        for (int j = 0; j < newer.size(); j++) {
            if (!olderPos.containsKey(newer.get(j).name())) added.add(j);
        }

        // a rename: one out, one in, same place, same type and nullability
        Integer renamedFrom = null;
        Integer renamedTo = null;
        if (removed.size() == 1 && added.size() == 1 && removed.get(0).equals(added.get(0))) {
            Column o = older.get(removed.get(0));
            Column n = newer.get(added.get(0));
            if (EngineTypes.normalize(o.type()).equals(EngineTypes.normalize(n.type())) && o.nullable() == n.nullable()) {
                renamedFrom = removed.get(0);
                renamedTo = added.get(0);
            }
        }

        // pairs of (older position, newer position) of the columns present in both, in newer order
        List<int[]> common = new ArrayList<>();
        for (int j = 0; j < newer.size(); j++) {
            Integer i = olderPos.get(newer.get(j).name());
            if (i != null) common.add(new int[] {i, j});
            else if (renamedTo != null && j == renamedTo) common.add(new int[] {renamedFrom, j});
        }
        Set<Integer> moved = movedNewerPositions(common);

        List<Change> changes = new ArrayList<>();
        for (int j = 0; j < newer.size(); j++) {
            Column n = newer.get(j);
            Integer i = olderPos.get(n.name());
            if (i == null && renamedTo != null && j == renamedTo) {
                Column o = older.get(renamedFrom);
                changes.add(new Change(Kind.RENAMED, o.name(), n.name(), o.type(), n.type(), renamedFrom, j,
                        o.nullable(), n.nullable(), true,
                        "renamed to '" + n.name() + "' (same position " + (j + 1) + " and type " + n.type()
                                + "); consumers asking for '" + o.name() + "' break"));
                if (moved.contains(j)) changes.add(move(o, n, renamedFrom, j));
                continue;
            }
            if (i == null) {
                changes.add(new Change(Kind.ADDED, n.name(), null, null, n.type(), null, j, null, n.nullable(), false,
                        "column added at position " + (j + 1) + " (" + n.type() + (n.nullable() ? "" : ", not null") + ")"));
                continue;
            }
            Column o = older.get(i);
            if (moved.contains(j)) changes.add(move(o, n, i, j));
            if (!EngineTypes.normalize(o.type()).equals(EngineTypes.normalize(n.type()))) {
                boolean widening = EngineTypes.isWidening(o.type(), n.type());
                changes.add(new Change(Kind.TYPE_CHANGED, o.name(), null, o.type(), n.type(), i, j, o.nullable(),
                        n.nullable(), !widening, "type " + o.type() + " → " + n.type()
                        + (widening ? " (widening)" : " (narrowing: " + EngineTypes.whyNarrowing(o.type(), n.type()) + ")")));
            }
            if (o.nullable() != n.nullable()) {
                changes.add(new Change(Kind.NULLABILITY_CHANGED, o.name(), null, o.type(), n.type(), i, j, o.nullable(),
                        n.nullable(), n.nullable(), n.nullable()
                        ? "became nullable: consumers relying on a value may meet NULLs"
                        : "became not nullable"));
            }
        }
        for (int i : removed) {
            if (renamedFrom != null && i == renamedFrom) continue;
            Column o = older.get(i);
            changes.add(new Change(Kind.REMOVED, o.name(), null, o.type(), null, i, null, o.nullable(), null, true,
                    "column removed (was at position " + (i + 1) + ", " + o.type() + ")"));
        }
        boolean breaking = changes.stream().anyMatch(Change::breaking);
        return new SchemaDrift(fromVersion, toVersion, changes, breaking);
    }

    private static Change move(Column o, Column n, int i, int j) {
        return new Change(Kind.MOVED, o.name(), null, o.type(), n.type(), i, j, o.nullable(), n.nullable(), false,
                "moved from position " + (i + 1) + " to " + (j + 1) + " relative to the other columns");
    }

    /** A sentence summing a drift up, e.g. for a log line or a warning. */
    static String summary(SchemaDrift drift) {
        if (drift.isEmpty()) return "schema unchanged since version " + drift.fromVersion();
        List<String> parts = new ArrayList<>();
        for (Change c : drift.changes()) {
            parts.add("'" + c.column() + "' " + c.detail());
        }
        return (drift.breaking() ? "breaking schema changes" : "schema changes") + " since version "
                + drift.fromVersion() + ": " + String.join("; ", parts);
    }

    private static Map<String, Integer> positions(List<Column> columns) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            positions.putIfAbsent(columns.get(i).name(), i);
        }
        return positions;
    }

    /**
     * The newer positions of the columns that moved: those outside a longest subsequence of {@code common}
     * (in newer order) whose older positions increase. Ties keep the earliest columns in place.
     */
    private static Set<Integer> movedNewerPositions(List<int[]> common) {
        int n = common.size();
        // O(n^2) longest increasing subsequence: schemas are small (hundreds of columns at most)
        int[] length = new int[n];
        int[] previous = new int[n];
        int best = -1;
        for (int k = 0; k < n; k++) {
            length[k] = 1;
            previous[k] = -1;
            for (int m = 0; m < k; m++) {
                if (common.get(m)[0] < common.get(k)[0] && length[m] + 1 > length[k]) {
                    length[k] = length[m] + 1;
                    previous[k] = m;
                }
            }
            if (best < 0 || length[k] > length[best]) best = k;
        }
        Set<Integer> kept = new HashSet<>();
        for (int k = best; k >= 0; k = previous[k]) {
            kept.add(k);
        }
        Set<Integer> moved = new HashSet<>();
        for (int k = 0; k < n; k++) {
            if (!kept.contains(k)) moved.add(common.get(k)[1]);
        }
        return moved;
    }
}

package org.dataanalyst.profiler.columns.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dataanalyst.spi.profiler.Accumulator;

/**
 * Whether each numeric or date/time column is monotonic in the file's row order: no SQL aggregate can
 * see the previous row, so this accumulator reads every row (in the order the platform streams them: the
 * staged Parquet keeps the source order) and compares each non-null value with the previous non-null one.
 * NULLs and NaN are skipped. Exact when fed every row in file order; {@link #merge} treats the other
 * instance's rows as following this one's, so parallel feeding must hand out contiguous ranges and merge
 * them in order. Once every column is known to be neither increasing nor decreasing, a row costs nothing.
 */
final class MonotonicityAccumulator implements Accumulator {

    /** The result's key under {@link Accumulator#name()}. */
    static final String NAME = "monotonicity";

    private final List<String> columns;
    private final State[] states;
    private int undecided;

    MonotonicityAccumulator(List<String> columns) {
        this.columns = List.copyOf(columns);
        this.states = new State[columns.size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = new State();
        }
        this.undecided = states.length;
    }

    /** The running state of one column. */
    private static final class State {
        Comparable<Object> first;
        Comparable<Object> last;
        boolean nonDecreasing = true;
        boolean nonIncreasing = true;
        boolean strictlyIncreasing = true;
        boolean strictlyDecreasing = true;
        boolean changed;

        boolean decided() {
            return !nonDecreasing && !nonIncreasing;
        }

        /** @return whether this value made the column decided */
        boolean step(Comparable<Object> value) {
            if (first == null) {
                first = value;
                last = value;
                return false;
            }
            int c = value.compareTo(last);
            if (c < 0) {
                nonDecreasing = false;
                strictlyIncreasing = false;
                changed = true;
            } else if (c > 0) {
                nonIncreasing = false;
                strictlyDecreasing = false;
                changed = true;
            } else {
                strictlyIncreasing = false;
                strictlyDecreasing = false;
            }
            last = value;
            return decided();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public void accept(Object[] values) {
        if (undecided == 0) {
            return;
        }
        for (int i = 0; i < states.length; i++) {
            State s = states[i];
            if (s.decided()) {
                continue;
            }
            Comparable<Object> v = comparable(values[i]);
            if (v != null && s.step(v)) {
                undecided--;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(Object v) {
        if (v == null || (v instanceof Double d && d.isNaN()) || (v instanceof Float f && f.isNaN())) {
            return null;
        }
        if (v instanceof Comparable<?> c) {
            return (Comparable<Object>) c;
        }
        return null;
    }

    @Override
    public void merge(Accumulator other) {
        MonotonicityAccumulator o = (MonotonicityAccumulator) other;
        for (int i = 0; i < states.length; i++) {
            State a = states[i];
            State b = o.states[i];
            if (b.first == null) {
                continue;
            }
            if (a.first == null) {
                states[i] = b;
                continue;
            }
            boolean was = a.decided();
            a.step(b.first);
            a.nonDecreasing &= b.nonDecreasing;
            a.nonIncreasing &= b.nonIncreasing;
            a.strictlyIncreasing &= b.strictlyIncreasing;
            a.strictlyDecreasing &= b.strictlyDecreasing;
            a.changed |= b.changed;
            a.last = b.last;
            if (!was && a.decided()) {
                undecided--;
            }
        }
        undecided = 0;
        for (State s : states) {
            if (!s.decided()) {
                undecided++;
            }
        }
    }

    /**
     * @return by column: {@code {"order": "increasing"|"decreasing"|"none", "strict": bool}}; a column with
     *         fewer than two distinct non-null values is {@code "none"}
     */
    @Override
    public Object result() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < states.length; i++) {
            State s = states[i];
            String order = !s.changed ? "none" : s.nonDecreasing ? "increasing" : s.nonIncreasing ? "decreasing" : "none";
            boolean strict = order.equals("increasing") ? s.strictlyIncreasing
                    : order.equals("decreasing") && s.strictlyDecreasing;
            out.put(columns.get(i), Map.of("order", order, "strict", strict));
        }
        return out;
    }
}

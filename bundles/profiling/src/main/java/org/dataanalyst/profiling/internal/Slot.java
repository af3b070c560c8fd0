package org.dataanalyst.profiling.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dataanalyst.spi.profiler.Accumulator;
import org.dataanalyst.spi.profiler.MetricValues;
import org.dataanalyst.spi.profiler.Profiler;
import org.dataanalyst.spi.profiler.Section;

/** One profiler's part of one profile: its values so far, its time left, and how it ended. */
final class Slot {

    final Lineup.Member member;
    final Map<String, Object> options;
    /** The run's rule checks of the types this profiler evaluates. */
    final List<Map<String, Object>> rules;
    final Map<String, Object> values = new LinkedHashMap<>();
    final Map<String, Boolean> exact = new HashMap<>();
    Input input;
    /** Nanoseconds of its own code it may still spend. */
    long budgetLeftNanos;
    /** It asked for no more metrics. */
    boolean done;
    int metricCount;
    List<Accumulator> accumulators = List.of();
    Section section;
    private volatile Failure failure;

    Slot(Lineup.Member member, Map<String, Object> options, List<Map<String, Object>> rules, long budgetNanos) {
        this.member = member;
        this.options = options;
        this.rules = rules;
        this.budgetLeftNanos = budgetNanos;
    }

    String name() {
        return member.name();
    }

    Profiler profiler() {
        return member.entry().profiler();
    }

    String origin() {
        return member.entry().origin();
    }

    boolean alive() {
        return failure == null;
    }

    Failure failure() {
        return failure;
    }

    /** Records the first failure; later ones are consequences and are dropped. @return whether this one was recorded */
    synchronized boolean fail(String stage, String reason) {
        if (failure != null) return false;
        failure = new Failure(name(), origin(), stage, Failures.shorten(reason));
        return true;
    }

    /** @return its values of every round so far */
    MetricValues metricValues() {
        return new MetricValues(values, exact);
    }
}

package org.dataanalyst.spi.profiler;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.Schema;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Contributes a section to a dataset profile. Registered as a service; the {@code profile} run type
 * gathers every running profiler for each run.
 *
 * <p>A profile is computed in rounds: in round 0 every profiler gets {@link MetricValues#none()} and
 * names its metrics; the platform computes all of them together (fused into as few scans as possible);
 * in round 1 each profiler sees its round-0 values and may ask for more (e.g. histogram bins once min
 * and max are known), and so on until no profiler asks for more (at most {@value #MAX_ROUNDS} rounds).
 * {@link #accumulators} are fed by one shared streaming scan. Then {@link #interpret} builds the section.
 *
 * <p>A profiler that throws, returns metrics that fail, or exceeds its time budget fails its own section
 * (recorded in the profile and the run log with the plugin's name), never the whole profile.
 *
 * <p>A profiler may also evaluate <b>rule checks</b> users declare for a dataset ({@code {"type": "range",
 * "column": "price", "min": 0}}…): it names the rule {@link #ruleTypes() types} it evaluates, says why a
 * declared rule could not be checked ({@link #ruleProblems}), so the platform can refuse it when it is
 * declared, and finds the rules of its types in {@link ProfileInput#rules()}.
 */
@ConsumerType
public interface Profiler {

    /** Most rounds of metrics a profile computes. */
    int MAX_ROUNDS = 3;

    /** @return the profiler's name (its section key in {@code profile.json}), title and options schema */
    Descriptor descriptor();

    /**
     * @param round   0, 1, …
     * @param earlier the values of this profiler's metrics of the earlier rounds
     * @return the metrics to compute in this round; empty when the profiler needs no more
     */
    List<Metric> metrics(ProfileInput input, int round, MetricValues earlier) throws Exception;

    /** @return accumulators for what SQL cannot express; the default has none */
    default List<Accumulator> accumulators(ProfileInput input) throws Exception {
        return List.of();
    }

    /**
     * Builds this profiler's section.
     *
     * @param values       the values of all its metrics of every round
     * @param accumulators its accumulators, fed and merged
     */
    Section interpret(ProfileInput input, MetricValues values, List<Accumulator> accumulators) throws Exception;

    /** @return the rule types this profiler evaluates (each type is evaluated by one profiler); none by default */
    default Set<String> ruleTypes() {
        return Set.of();
    }

    /**
     * Checks a declared rule of one of its {@link #ruleTypes() types} against the columns of a version.
     *
     * @param rule   the rule as declared (JSON-compatible: maps, lists, strings, numbers, booleans)
     * @param schema the columns of the dataset's latest version
     * @return sentences saying why the rule cannot be checked; empty when it can
     */
    default List<String> ruleProblems(Map<String, Object> rule, Schema schema) {
        return List.of();
    }
}

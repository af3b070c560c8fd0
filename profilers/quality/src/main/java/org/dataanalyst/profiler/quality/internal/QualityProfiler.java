package org.dataanalyst.profiler.quality.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.Schema;
import org.dataanalyst.spi.profiler.Accumulator;
import org.dataanalyst.spi.profiler.Metric;
import org.dataanalyst.spi.profiler.MetricValues;
import org.dataanalyst.spi.profiler.ProfileInput;
import org.dataanalyst.spi.profiler.Profiler;
import org.dataanalyst.spi.profiler.Section;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code quality} profiler: rows, columns, missing cells, exact duplicate rows (with examples), the
 * schema drift against the previous version, and checks with pass/warn/fail thresholds plus the user's
 * declared rules. A thin shell over {@link QualityPlanner} and {@link QualityInterpreter}; see docs/profilers.md.
 */
@Component(service = Profiler.class)
public final class QualityProfiler implements Profiler {

    /** The profiler's name: its section key in profile.json. */
    public static final String NAME = "quality";

    /** Nothing to inject: everything comes with each profile's input. */
    public QualityProfiler() {
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor(NAME, "Data quality",
                "Missing cells, exact duplicate rows with examples, schema drift against the previous version, and "
                        + "pass/warn/fail checks: thresholds and declared rules (not_null, unique, range, regex, "
                        + "allowed_values, row_count).",
                QualityOptions.schema());
    }

    /** The declared rule checks it evaluates. */
    @Override
    public Set<String> ruleTypes() {
        return Set.copyOf(Rule.TYPES);
    }

    @Override
    public List<String> ruleProblems(Map<String, Object> rule, Schema schema) {
        String problem = Rule.problem(rule, schema);
        return problem == null ? List.of() : List.of(problem);
    }

    @Override
    public List<Metric> metrics(ProfileInput input, int round, MetricValues earlier) {
        return planner(input).metrics(round, earlier);
    }

    @Override
    public Section interpret(ProfileInput input, MetricValues values, List<Accumulator> accumulators) {
        return new QualityInterpreter(planner(input), values, input.version().drift(), input::query,
                line -> input.log("{}", line)).section();
    }

    private static QualityPlanner planner(ProfileInput input) {
        return planner(input.schema(), input.rules(), input.options());
    }

    /** @return the planner of a profile: derived from its input, never kept */
    static QualityPlanner planner(Schema schema, List<Map<String, Object>> rules, Map<String, Object> options) {
        return new QualityPlanner(schema, rules, QualityOptions.from(options));
    }
}

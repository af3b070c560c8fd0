package org.dataanalyst.profiler.columns.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.Schema;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.spi.profiler.Accumulator;
import org.dataanalyst.spi.profiler.Metric;
import org.dataanalyst.spi.profiler.MetricValues;
import org.dataanalyst.spi.profiler.ProfileInput;
import org.dataanalyst.spi.profiler.Profiler;
import org.dataanalyst.spi.profiler.Section;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code columns} profiler: per column a semantic type, counts, missing and distinct values,
 * moments, quantiles, a histogram or top values, string lengths, date range and granularity,
 * monotonicity and alerts. A thin shell over {@link ColumnsPlanner} (metrics per round) and
 * {@link ColumnsInterpreter} (the section); see docs/profilers.md.
 */
@Component(service = Profiler.class)
public final class ColumnsProfiler implements Profiler {

    /** The profiler's name: its section key in profile.json. */
    public static final String NAME = "columns";

    /** Nothing to inject: everything comes with each profile's input. */
    public ColumnsProfiler() {
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor(NAME, "Columns",
                "Per column: semantic type, missing and distinct values, statistics, quantiles, histogram or top "
                        + "values, lengths, date range, monotonicity, patterns (email, URL, UUID, phone) and alerts.",
                ColumnsOptions.schema());
    }

    @Override
    public List<Metric> metrics(ProfileInput input, int round, MetricValues earlier) {
        return planner(input).metrics(round, earlier);
    }

    @Override
    public List<Accumulator> accumulators(ProfileInput input) {
        return accumulators(planner(input));
    }

    @Override
    public Section interpret(ProfileInput input, MetricValues values, List<Accumulator> accumulators) {
        return interpret(planner(input), values, accumulators, input::query, line -> input.log("{}", line));
    }

    private static ColumnsPlanner planner(ProfileInput input) {
        return planner(input.schema(), input.version().rowCount(), input.options());
    }

    /** @return the planner of a profile: the profiler's state is derived from its input, never kept */
    static ColumnsPlanner planner(Schema schema, long rowCount, Map<String, Object> options) {
        return new ColumnsPlanner(schema, rowCount, ColumnsOptions.from(options));
    }

    /** @return the monotonicity accumulator over the numeric and date/time columns, if enabled and any */
    static List<Accumulator> accumulators(ColumnsPlanner planner) {
        if (!planner.checksOrder()) {
            return List.of();
        }
        List<String> columns = planner.targets().stream().filter(t -> t.kind().sequential())
                .map(ColumnsPlanner.Target::name).toList();
        return columns.isEmpty() ? List.of() : List.of(new MonotonicityAccumulator(columns));
    }

    /**
     * @param query runs a read-only query over {@code data} / {@code data_in_file_order} (ProfileInput.query)
     * @param log   a line for the run's log
     * @return the section from every round's values and the fed accumulators
     */
    static Section interpret(ColumnsPlanner planner, MetricValues values, List<Accumulator> accumulators,
                             Function<String, QueryResult> query, Consumer<String> log) {
        Map<String, Object> monotonicity = fromAccumulators(accumulators);
        if (monotonicity == null && planner.options().monotonicity() && !planner.checksOrder()) {
            // too many rows to feed through the accumulator: the same check in SQL, over the rows in file order
            List<ColumnsPlanner.Target> sequential = planner.targets().stream().filter(t -> t.kind().sequential()).toList();
            try {
                monotonicity = OrderQueries.monotonicity(sequential, values, planner.rowCount(), query);
            } catch (RuntimeException e) {
                log.accept("order of values not checked: " + e.getMessage());
            }
        }
        return new ColumnsInterpreter(planner, values, monotonicity).section();
    }

    /** @return the monotonicity accumulator's result, or {@code null} when it did not run */
    private static Map<String, Object> fromAccumulators(List<Accumulator> accumulators) {
        for (Accumulator a : accumulators == null ? List.<Accumulator>of() : accumulators) {
            if (MonotonicityAccumulator.NAME.equals(a.name()) && a.result() instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> r = (Map<String, Object>) m;
                return r;
            }
        }
        return null;
    }
}

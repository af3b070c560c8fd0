package org.dataanalyst.profiling.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.api.run.RunContext;
import org.dataanalyst.spi.profiler.ProfileInput;

/** What one profiler sees of the profile: the version, its options, its own queries and the run log. */
final class Input implements ProfileInput {

    private final Slot slot;
    private final Dataset dataset;
    private final DatasetVersion version;
    private final DatasetVersion previous;
    private final ProfilerQueries queries;
    private final RunContext context;

    Input(Slot slot, Dataset dataset, DatasetVersion version, DatasetVersion previous, ProfilerQueries queries,
          RunContext context) {
        this.slot = slot;
        this.dataset = dataset;
        this.version = version;
        this.previous = previous;
        this.queries = queries;
        this.context = context;
    }

    @Override
    public Dataset dataset() {
        return dataset;
    }

    @Override
    public DatasetVersion version() {
        return version;
    }

    @Override
    public Optional<DatasetVersion> previousVersion() {
        return Optional.ofNullable(previous);
    }

    @Override
    public Map<String, Object> options() {
        return slot.options;
    }

    @Override
    public List<Map<String, Object>> rules() {
        return slot.rules;
    }

    @Override
    public QueryResult query(String sql) {
        if (!slot.alive()) {
            throw new IllegalStateException("profiler '" + slot.name() + "' has failed in this profile; no more queries");
        }
        return queries.query(sql);
    }

    @Override
    public void log(String message, Object... args) {
        context.log("[" + slot.name() + "] " + message, args);
    }

    @Override
    public boolean isCancelled() {
        return context.isCancelled() || !slot.alive() || Thread.currentThread().isInterrupted();
    }
}

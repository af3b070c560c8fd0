package org.dataanalyst.spi.profiler;

import java.util.List;
import java.util.Map;

import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Schema;
import org.dataanalyst.api.engine.QueryResult;
import org.osgi.annotation.versioning.ProviderType;

/** What a {@link Profiler} knows about the dataset version being profiled. */
@ProviderType
public interface ProfileInput {

    /** @return the dataset */
    Dataset dataset();

    /** @return the version being profiled (row count, schema, source, drift against the previous version) */
    DatasetVersion version();

    /** @return the schema of the version */
    default Schema schema() {
        return version().schema();
    }

    /** @return the version before this one, if any */
    java.util.Optional<DatasetVersion> previousVersion();

    /** @return this profiler's options from the run's parameters ({@code params.profilers.<name>}), validated by its schema */
    Map<String, Object> options();

    /**
     * @return the rule checks declared for the dataset (not null, unique, range…) whose types this profiler
     *         {@linkplain Profiler#ruleTypes() evaluates}, as declared and in their declared order; the run's
     *         parameters record them, so a profile can be repeated with the same rules
     */
    List<Map<String, Object>> rules();

    /**
     * Runs a read-only query over the version, for what a metric cannot express (a few example rows…);
     * the relation is called {@code data}. Costs a scan: prefer metrics.
     */
    QueryResult query(String sql);

    /** Appends a line to the run's log. */
    void log(String message, Object... args);

    /** @return whether the run was cancelled */
    boolean isCancelled();
}

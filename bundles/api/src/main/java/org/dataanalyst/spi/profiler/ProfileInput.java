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

    /** The relation of {@link #query} holding the version's rows. */
    String DATA = "data";

    /** The relation of {@link #query} holding the version's rows with their position in the file, {@value #ROW}. */
    String DATA_IN_FILE_ORDER = "data_in_file_order";

    /** The column of {@value #DATA_IN_FILE_ORDER} giving a row's position in the staged file (0-based). */
    String ROW = "__row";

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
     * Runs a read-only query over the version, for what a metric cannot express (a few example rows, a window
     * over the rows in order…). The relation is called {@value #DATA}; {@value #DATA_IN_FILE_ORDER} has the same
     * rows and columns plus {@value #ROW} ({@code BIGINT}, 0-based), the row's position in the staged file,
     * which is the source's order — e.g. {@code lag(x) OVER (ORDER BY __row)}. (That relation is missing when
     * the version has a column of that name.) Costs a scan: prefer metrics.
     */
    QueryResult query(String sql);

    /** Appends a line to the run's log. */
    void log(String message, Object... args);

    /** @return whether the run was cancelled */
    boolean isCancelled();
}

package org.dataanalyst.api.dataset;

import java.util.List;
import java.util.Objects;

import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.profile.ProfileSummary;

/**
 * Everything about one dataset.
 *
 * @param dataset   the dataset
 * @param latest    its latest version (schema, source, drift), or {@code null} before the first successful ingest
 * @param versions  a page of its versions, newest first
 * @param latestRun its newest ingest run, or {@code null}
 * @param profile   how its latest finished profile ended (status, alert and check counts), or {@code null}
 * @param warnings  sentences for people, e.g. a breaking schema drift of the latest version
 */
public record DatasetDetails(Dataset dataset, DatasetVersion latest, Page<DatasetVersion> versions, Run latestRun,
                             ProfileSummary profile, List<String> warnings) {
    public DatasetDetails {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(versions, "versions");
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}

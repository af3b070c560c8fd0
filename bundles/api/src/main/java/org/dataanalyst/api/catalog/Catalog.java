package org.dataanalyst.api.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.dataanalyst.api.ApiToken;
import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.dataset.DatasetSummary;
import org.dataanalyst.api.profile.ProfileSummary;
import org.dataanalyst.api.profile.RuleSet;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Persistence of the model. Every method is atomic: it either happens completely or not at all.
 * Implementations are thread-safe. Lists are ordered by creation time, oldest first, unless said
 * otherwise.
 *
 * <p>Deleting a project deletes everything that belongs to it (datasets, versions, runs, artifacts).
 */
@ProviderType
public interface Catalog {

    /** The run type whose runs {@link #datasetSummaries} reports as a dataset's last ingest. */
    String INGEST_RUN_TYPE = "ingest";

    // --- projects ---

    /**
     * Stores a new project.
     *
     * @throws org.dataanalyst.api.ConflictException when a project of that name exists
     */
    void insertProject(Project project);

    Optional<Project> project(String id);

    Optional<Project> projectByName(String name);

    Page<Project> projects(int offset, int limit);

    /** @return whether a project was deleted */
    boolean deleteProject(String id);

    // --- datasets and versions ---

    /** @throws org.dataanalyst.api.ConflictException when the project has a dataset of that name */
    void insertDataset(Dataset dataset);

    Optional<Dataset> dataset(String projectId, String datasetId);

    Page<Dataset> datasets(String projectId, int offset, int limit);

    /** @return the project's dataset of that name (names are case-sensitive) */
    Optional<Dataset> datasetByName(String projectId, String name);

    /**
     * One page of a project's datasets, oldest first, each with its version count, its latest version's
     * figures and drift flag, and its newest {@value #INGEST_RUN_TYPE} run: one query per page.
     */
    Page<DatasetSummary> datasetSummaries(String projectId, int offset, int limit);

    /**
     * Stores a version with its drift.
     *
     * @throws org.dataanalyst.api.ConflictException when the dataset has a version of that number (or id)
     * @throws org.dataanalyst.api.NotFoundException when the dataset does not exist
     */
    void insertVersion(DatasetVersion version);

    /** @return the versions of a dataset, newest first */
    Page<DatasetVersion> versions(String datasetId, int offset, int limit);

    Optional<DatasetVersion> version(String versionId);

    /** @return the version of a dataset with that number */
    Optional<DatasetVersion> version(String datasetId, int number);

    /** @return the dataset's version with the highest number */
    Optional<DatasetVersion> latestVersion(String datasetId);

    // --- what profiling keeps per dataset ---

    /**
     * Records how a profile run of a dataset ended, unless the summary stored already is of a run that
     * finished later (two profiles of one dataset may overlap).
     *
     * @throws org.dataanalyst.api.NotFoundException when there is no such dataset
     */
    void putProfileSummary(ProfileSummary summary);

    /** @return how the latest finished profile run of the dataset ended */
    Optional<ProfileSummary> profileSummary(String datasetId);

    /**
     * Replaces the rule checks declared for a dataset.
     *
     * @throws org.dataanalyst.api.NotFoundException when there is no such dataset
     */
    void putRules(RuleSet rules);

    /** @return the rule checks declared for the dataset, if any were ever declared */
    Optional<RuleSet> rules(String datasetId);

    // --- runs ---

    void insertRun(Run run);

    /** Replaces the stored status, progress, reason and times of a run with those of {@code run}. */
    void updateRun(Run run);

    Optional<Run> run(String projectId, String runId);

    /**
     * Records the dataset version a run produced or worked on (an ingest run learns it only at its end);
     * touches nothing else of the run.
     *
     * @throws org.dataanalyst.api.NotFoundException when there is no such run
     */
    void updateRunDatasetVersion(String projectId, String runId, String datasetVersionId);

    /** @return the newest run of that type for the dataset (any status) */
    Optional<Run> latestRun(String datasetId, String type);

    /** @return the runs of a project, newest first */
    Page<Run> runs(String projectId, int offset, int limit);

    /** @return the runs in any of the given statuses, across all projects, oldest first */
    List<Run> runsInStatus(RunStatus... statuses);

    /**
     * @return the newest run of the project with this idempotency key that is not failed or cancelled
     */
    Optional<Run> reusableRun(String projectId, String idempotencyKey);

    // --- artifacts ---

    void insertArtifact(Artifact artifact);

    Optional<Artifact> artifact(String projectId, String artifactId);

    List<Artifact> artifacts(String projectId, String runId);

    // --- tokens ---

    /**
     * Stores a token by the hash of its secret.
     *
     * @param secretHash lower-case hex SHA-256 of the secret
     */
    void insertToken(ApiToken token, String secretHash);

    /** @return the token whose secret hashes to {@code secretHash}, unless revoked */
    Optional<ApiToken> tokenByHash(String secretHash);

    List<ApiToken> tokens();

    /** @return whether a token was revoked */
    boolean revokeToken(String id, Instant when);

    /** @return how many tokens are not revoked */
    long activeTokenCount();
}

package org.dataanalyst.catalog.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.dataanalyst.api.ApiToken;
import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.ConflictException;
import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Platform;
import org.dataanalyst.api.Progress;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.Schema;
import org.dataanalyst.api.SchemaDrift;
import org.dataanalyst.api.catalog.Catalog;
import org.dataanalyst.api.dataset.DatasetSummary;
import org.dataanalyst.api.profile.ProfileSummary;
import org.dataanalyst.api.profile.RuleSet;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog on a relational database: SQLite in the data folder by default, PostgreSQL when
 * configured (several platform nodes may share one). The schema is versioned by {@link Migrations}.
 *
 * <p>A SQLite catalog file is owned by one platform process: all its writes go through this
 * instance's single writer connection. The cached project list ({@link PageCache}) relies on that to
 * see our own writes at once without asking the database; writes by anything else (another process,
 * a second instance on the same file, hand-run SQL) show up in the project list only after up to
 * {@value PageCache#FOREIGN_CHECK_INTERVAL_MILLIS} ms. Every other query always reads the database.
 */
@Component(service = Catalog.class, immediate = true, configurationPid = JdbcCatalog.PID)
@Designate(ocd = JdbcCatalog.Config.class)
public final class JdbcCatalog implements Catalog, AutoCloseable {

    /** The configuration PID. */
    public static final String PID = "org.dataanalyst.catalog";

    /** File name of the default SQLite catalog inside the data folder. */
    public static final String SQLITE_FILE = "catalog.db";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcCatalog.class);

    @ObjectClassDefinition(name = "data-analyst catalog",
            description = "Where the platform stores projects, datasets, runs, artifacts and tokens.")
    public @interface Config {
        @AttributeDefinition(name = "JDBC URL", required = false,
                description = "jdbc:sqlite:<file> or jdbc:postgresql://host:port/database. "
                        + "Empty: the SQLite file catalog.db in the data folder.")
        String jdbc__url() default "";

        @AttributeDefinition(name = "User", required = false,
                description = "Database user (PostgreSQL); empty: none, or the one in the URL.")
        String user() default "";

        /*
         * The property is ".password": DS publishes every component property that does not start
         * with a dot as a service property, where anyone could read it.
         */
        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
                description = "Database password (PostgreSQL); empty: none. Private property (leading dot): "
                        + "not published as a service property, never logged.")
        String _password() default "";

        @AttributeDefinition(name = "Pool size", min = "1", max = "64",
                description = "Connections for concurrent requests (SQLite: readers; writes go through one extra connection).")
        int pool__size() default 8;
    }

    private static final String PROJECT_COLUMNS = "id, name, description, created_at";
    private static final String DATASET_COLUMNS = "id, project_id, name, created_at";
    private static final String VERSION_COLUMNS =
            "id, dataset_id, number, row_count, size_bytes, schema_json, source_json, run_id, created_at, drift_json";
    private static final String RUN_COLUMNS = "id, project_id, type, dataset_id, dataset_version_id, params_json, "
            + "idempotency_key, status, progress_fraction, progress_message, reason, created_at, started_at, finished_at";
    private static final String ARTIFACT_COLUMNS =
            "id, project_id, run_id, name, type, media_type, size, sha256, created_at";
    private static final String TOKEN_COLUMNS = "id, name, admin, created_at";
    private static final String PROFILE_COLUMNS = "dataset_id, run_id, status, version_number, alerts_json, checks_json,"
            + " failures, finished_at, reason";
    /** {@link #PROFILE_COLUMNS} of the table aliased {@code p}. */
    private static final String PROFILE_COLUMNS_P = "p.dataset_id, p.run_id, p.status, p.version_number, p.alerts_json,"
            + " p.checks_json, p.failures, p.finished_at, p.reason";

    private final Database database;
    private final Json json = new Json();
    /** The project list is what clients poll; on SQLite it is cached until the next commit (see {@link PageCache}). */
    private final PageCache<Project> projectPages;

    /** DS activation: reads the data folder from the framework property {@code analyst.data}. */
    @Activate
    public JdbcCatalog(BundleContext context, Config config) {
        this(config.jdbc__url().isBlank()
                        ? sqliteUrl(Platform.dataDirectory(context::getProperty))
                        : config.jdbc__url().strip(),
                config.user(), config._password(), config.pool__size());
    }

    /** A catalog on {@code jdbcUrl} with the default pool size; migrates the schema. */
    public JdbcCatalog(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, 8);
    }

    /** A catalog on {@code jdbcUrl}; migrates the schema. */
    public JdbcCatalog(String jdbcUrl, String user, String password, int poolSize) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.database = new Database(jdbcUrl, user == null ? "" : user, password == null ? "" : password, poolSize);
        this.projectPages = database.hasSqliteReaders() ? new PageCache<>(database) : null;
        try {
            Migrations.migrate(database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        LOG.info("Catalog ready on {} (schema version {})", database.redactedUrl(), Migrations.latestVersion());
    }

    /** @return the JDBC URL of the default SQLite catalog in a data folder */
    public static String sqliteUrl(java.nio.file.Path dataDirectory) {
        return "jdbc:sqlite:" + dataDirectory.resolve(SQLITE_FILE);
    }

    /** Releases all connections. */
    @Deactivate
    @Override
    public void close() {
        database.close();
    }

    // --- projects ---

    @Override
    public void insertProject(Project project) {
        Objects.requireNonNull(project, "project");
        database.write(c -> {
            if (exists(c, "SELECT 1 FROM projects WHERE name = ?", project.name())) {
                throw nameTaken(project.name());
            }
            insert(c, "INSERT INTO projects (" + PROJECT_COLUMNS + ") VALUES (?, ?, ?, ?)",
                    () -> new ConflictException("a project named '" + project.name() + "' or with id " + project.id()
                            + " exists already; choose another name"),
                    null,
                    project.id(), project.name(), project.description(), Times.format(project.createdAt()));
            return null;
        });
    }

    private static ConflictException nameTaken(String name) {
        return new ConflictException("a project named '" + name + "' exists already; choose another name");
    }

    @Override
    public Optional<Project> project(String id) {
        return database.read(c -> one(c, "SELECT " + PROJECT_COLUMNS + " FROM projects WHERE id = ?",
                this::project, id));
    }

    @Override
    public Optional<Project> projectByName(String name) {
        return database.read(c -> one(c, "SELECT " + PROJECT_COLUMNS + " FROM projects WHERE name = ?",
                this::project, name));
    }

    @Override
    public Page<Project> projects(int offset, int limit) {
        Page.checkArguments(offset, limit);
        if (projectPages == null) {
            return database.read(c -> loadProjects(c, offset, limit));
        }
        database.checkOpen(); // a cache hit touches no connection, so the pool would not say it
        return projectPages.get(offset, limit, (o, l) -> database.read(c -> loadProjects(c, o, l)));
    }

    private Page<Project> loadProjects(Connection c, int offset, int limit) throws SQLException {
        return page(c, "SELECT COUNT(*) FROM projects",
                "SELECT " + PROJECT_COLUMNS + " FROM projects ORDER BY created_at, id LIMIT ? OFFSET ?",
                this::project, offset, limit);
    }

    @Override
    public boolean deleteProject(String id) {
        return database.write(c -> update(c, "DELETE FROM projects WHERE id = ?", id) > 0);
    }

    // --- datasets and versions ---

    @Override
    public void insertDataset(Dataset dataset) {
        Objects.requireNonNull(dataset, "dataset");
        database.write(c -> insert(c, "INSERT INTO datasets (" + DATASET_COLUMNS + ") VALUES (?, ?, ?, ?)",
                () -> new ConflictException("project " + dataset.projectId() + " has a dataset named '" + dataset.name()
                        + "' already (or one with id " + dataset.id() + "); choose another name"),
                () -> new NotFoundException("project " + dataset.projectId() + " does not exist"),
                dataset.id(), dataset.projectId(), dataset.name(), Times.format(dataset.createdAt())));
    }

    @Override
    public Optional<Dataset> dataset(String projectId, String datasetId) {
        return database.read(c -> one(c, "SELECT " + DATASET_COLUMNS + " FROM datasets WHERE project_id = ? AND id = ?",
                this::dataset, projectId, datasetId));
    }

    @Override
    public Page<Dataset> datasets(String projectId, int offset, int limit) {
        Page.checkArguments(offset, limit);
        return database.read(c -> page(c, "SELECT COUNT(*) FROM datasets WHERE project_id = ?",
                "SELECT " + DATASET_COLUMNS + " FROM datasets WHERE project_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?",
                this::dataset, offset, limit, projectId));
    }

    @Override
    public void insertVersion(DatasetVersion version) {
        Objects.requireNonNull(version, "version");
        String schema = json.write(version.schema());
        String source = json.write(version.source());
        String drift = version.drift() == null ? null : json.write(version.drift());
        database.write(c -> insert(c, "INSERT INTO dataset_versions (" + VERSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                () -> new ConflictException("dataset " + version.datasetId() + " has a version " + version.number()
                        + " already (or one with id " + version.id() + ")"),
                () -> new NotFoundException("dataset " + version.datasetId() + " does not exist"),
                version.id(), version.datasetId(), version.number(), version.rowCount(), version.sizeBytes(),
                schema, source, version.runId(), Times.format(version.createdAt()), drift));
    }

    @Override
    public Page<DatasetVersion> versions(String datasetId, int offset, int limit) {
        Page.checkArguments(offset, limit);
        return database.read(c -> page(c, "SELECT COUNT(*) FROM dataset_versions WHERE dataset_id = ?",
                "SELECT " + VERSION_COLUMNS + " FROM dataset_versions WHERE dataset_id = ? ORDER BY number DESC LIMIT ? OFFSET ?",
                this::version, offset, limit, datasetId));
    }

    @Override
    public Optional<DatasetVersion> version(String versionId) {
        return database.read(c -> one(c, "SELECT " + VERSION_COLUMNS + " FROM dataset_versions WHERE id = ?",
                this::version, versionId));
    }

    @Override
    public Optional<DatasetVersion> version(String datasetId, int number) {
        return database.read(c -> one(c, "SELECT " + VERSION_COLUMNS + " FROM dataset_versions WHERE dataset_id = ? AND number = ?",
                this::version, datasetId, number));
    }

    @Override
    public Optional<DatasetVersion> latestVersion(String datasetId) {
        return database.read(c -> one(c, "SELECT " + VERSION_COLUMNS + " FROM dataset_versions WHERE dataset_id = ?"
                + " ORDER BY number DESC LIMIT 1", this::version, datasetId));
    }

    @Override
    public Optional<Dataset> datasetByName(String projectId, String name) {
        return database.read(c -> one(c, "SELECT " + DATASET_COLUMNS + " FROM datasets WHERE project_id = ? AND name = ?",
                this::dataset, projectId, name));
    }

    /*
     * One statement for the page: the latest version and the newest ingest run are picked by correlated
     * subqueries that walk the unique (dataset_id, number) index and the (dataset_id, type, created_at)
     * index, so the cost grows with the page, not with the project's versions or runs.
     */
    private static final String SUMMARY_SQL = "SELECT d.id, d.project_id, d.name, d.created_at,"
            + " (SELECT COUNT(*) FROM dataset_versions c WHERE c.dataset_id = d.id),"
            + " v.number, v.row_count, v.size_bytes, v.schema_json, v.drift_json, v.created_at,"
            + " r.id, r.status,"
            + " " + PROFILE_COLUMNS_P
            + " FROM datasets d"
            + " LEFT JOIN dataset_versions v ON v.dataset_id = d.id AND v.number ="
            + "   (SELECT MAX(m.number) FROM dataset_versions m WHERE m.dataset_id = d.id)"
            + " LEFT JOIN runs r ON r.id ="
            + "   (SELECT l.id FROM runs l WHERE l.dataset_id = d.id AND l.type = ? AND l.project_id = d.project_id"
            + "    ORDER BY l.created_at DESC, l.id DESC LIMIT 1)"
            + " LEFT JOIN dataset_profiles p ON p.dataset_id = d.id"
            + " WHERE d.project_id = ? ORDER BY d.created_at, d.id LIMIT ? OFFSET ?";

    @Override
    public Page<DatasetSummary> datasetSummaries(String projectId, int offset, int limit) {
        Page.checkArguments(offset, limit);
        return database.read(c -> {
            long total;
            try (PreparedStatement statement = c.prepareStatement("SELECT COUNT(*) FROM datasets WHERE project_id = ?")) {
                bind(statement, projectId);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<DatasetSummary> items = offset >= total ? List.of()
                    : list(c, SUMMARY_SQL, this::summary, INGEST_RUN_TYPE, projectId, limit, offset);
            return new Page<>(items, offset, limit, total);
        });
    }

    // --- what profiling keeps per dataset ---

    @Override
    public void putProfileSummary(ProfileSummary summary) {
        Objects.requireNonNull(summary, "summary");
        String alerts = json.write(summary.alerts());
        String checks = json.write(summary.checks());
        // Of two overlapping profiles, the one that finished later stays (an equal time: the newer write).
        database.write(c -> insert(c, "INSERT INTO dataset_profiles (" + PROFILE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (dataset_id) DO UPDATE SET run_id = excluded.run_id, status = excluded.status,"
                        + " version_number = excluded.version_number, alerts_json = excluded.alerts_json,"
                        + " checks_json = excluded.checks_json, failures = excluded.failures,"
                        + " finished_at = excluded.finished_at, reason = excluded.reason"
                        + " WHERE excluded.finished_at >= dataset_profiles.finished_at",
                () -> new IllegalStateException("the profile summary of dataset " + summary.datasetId() + " conflicts"),
                () -> new NotFoundException("dataset " + summary.datasetId() + " does not exist"),
                summary.datasetId(), summary.runId(), status(summary.status()), TypedNull.integer(summary.version()), alerts, checks,
                summary.failures(), Times.format(summary.finishedAt()), summary.reason()));
    }

    @Override
    public Optional<ProfileSummary> profileSummary(String datasetId) {
        return database.read(c -> one(c, "SELECT " + PROFILE_COLUMNS + " FROM dataset_profiles WHERE dataset_id = ?",
                rs -> profileSummary(rs, 1), datasetId));
    }

    @Override
    public void putRules(RuleSet rules) {
        Objects.requireNonNull(rules, "rules");
        String text = json.write(rules.rules());
        Instant updatedAt = rules.updatedAt() == null ? Instant.now() : rules.updatedAt();
        database.write(c -> insert(c, "INSERT INTO dataset_rules (dataset_id, rules_json, updated_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (dataset_id) DO UPDATE SET rules_json = excluded.rules_json,"
                        + " updated_at = excluded.updated_at",
                () -> new IllegalStateException("the rules of dataset " + rules.datasetId() + " conflict"),
                () -> new NotFoundException("dataset " + rules.datasetId() + " does not exist"),
                rules.datasetId(), text, Times.format(updatedAt)));
    }

    @Override
    public Optional<RuleSet> rules(String datasetId) {
        return database.read(c -> one(c, "SELECT dataset_id, rules_json, updated_at FROM dataset_rules WHERE dataset_id = ?",
                rs -> new RuleSet(rs.getString(1), json.readList(rs.getString(2)), Times.parse(rs.getString(3))), datasetId));
    }

    // --- runs ---

    @Override
    public void insertRun(Run run) {
        Objects.requireNonNull(run, "run");
        String params = json.write(run.params());
        database.write(c -> insert(c, "INSERT INTO runs (" + RUN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                () -> new ConflictException("a run with id " + run.id() + " exists already"),
                () -> new NotFoundException("project " + run.projectId() + " does not exist"),
                run.id(), run.projectId(), run.type(), run.datasetId(), run.datasetVersionId(), params,
                run.idempotencyKey(), status(run.status()), run.progress().fraction(), run.progress().message(),
                run.reason(), Times.format(run.createdAt()), Times.format(run.startedAt()), Times.format(run.finishedAt())));
    }

    @Override
    public void updateRun(Run run) {
        Objects.requireNonNull(run, "run");
        int updated = database.write(c -> update(c, "UPDATE runs SET status = ?, progress_fraction = ?, progress_message = ?, "
                        + "reason = ?, started_at = ?, finished_at = ? WHERE project_id = ? AND id = ?",
                status(run.status()), run.progress().fraction(), run.progress().message(), run.reason(),
                Times.format(run.startedAt()), Times.format(run.finishedAt()), run.projectId(), run.id()));
        if (updated == 0) {
            throw new NotFoundException("run " + run.id() + " of project " + run.projectId() + " does not exist");
        }
    }

    @Override
    public Optional<Run> run(String projectId, String runId) {
        return database.read(c -> one(c, "SELECT " + RUN_COLUMNS + " FROM runs WHERE project_id = ? AND id = ?",
                this::run, projectId, runId));
    }

    @Override
    public void updateRunDatasetVersion(String projectId, String runId, String datasetVersionId) {
        int updated = database.write(c -> update(c, "UPDATE runs SET dataset_version_id = ? WHERE project_id = ? AND id = ?",
                datasetVersionId, projectId, runId));
        if (updated == 0) {
            throw new NotFoundException("run " + runId + " of project " + projectId + " does not exist");
        }
    }

    @Override
    public Optional<Run> latestRun(String datasetId, String type) {
        return database.read(c -> one(c, "SELECT " + RUN_COLUMNS + " FROM runs WHERE dataset_id = ? AND type = ?"
                + " ORDER BY created_at DESC, id DESC LIMIT 1", this::run, datasetId, type));
    }

    @Override
    public Page<Run> runs(String projectId, int offset, int limit) {
        Page.checkArguments(offset, limit);
        return database.read(c -> page(c, "SELECT COUNT(*) FROM runs WHERE project_id = ?",
                "SELECT " + RUN_COLUMNS + " FROM runs WHERE project_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                this::run, offset, limit, projectId));
    }

    @Override
    public List<Run> runsInStatus(RunStatus... statuses) {
        if (statuses == null || statuses.length == 0) {
            return List.of();
        }
        Object[] names = Arrays.stream(statuses).map(JdbcCatalog::status).distinct().toArray();
        String marks = Arrays.stream(names).map(n -> "?").collect(Collectors.joining(", "));
        return database.read(c -> list(c, "SELECT " + RUN_COLUMNS + " FROM runs WHERE status IN (" + marks
                + ") ORDER BY created_at, id", this::run, names));
    }

    @Override
    public Optional<Run> reusableRun(String projectId, String idempotencyKey) {
        if (idempotencyKey == null) {
            return Optional.empty();
        }
        return database.read(c -> one(c, "SELECT " + RUN_COLUMNS + " FROM runs WHERE project_id = ? AND idempotency_key = ?"
                        + " AND status IN (?, ?, ?) ORDER BY created_at DESC, id DESC LIMIT 1",
                this::run, projectId, idempotencyKey,
                status(RunStatus.QUEUED), status(RunStatus.RUNNING), status(RunStatus.SUCCEEDED)));
    }

    // --- artifacts ---

    @Override
    public void insertArtifact(Artifact artifact) {
        Objects.requireNonNull(artifact, "artifact");
        database.write(c -> insert(c, "INSERT INTO artifacts (" + ARTIFACT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                () -> new ConflictException("run " + artifact.runId() + " has an artifact named '" + artifact.name()
                        + "' already (or one with id " + artifact.id() + ")"),
                () -> new NotFoundException("run " + artifact.runId() + " of project " + artifact.projectId() + " does not exist"),
                artifact.id(), artifact.projectId(), artifact.runId(), artifact.name(), artifact.type(),
                artifact.mediaType(), artifact.size(), artifact.sha256(), Times.format(artifact.createdAt())));
    }

    @Override
    public Optional<Artifact> artifact(String projectId, String artifactId) {
        return database.read(c -> one(c, "SELECT " + ARTIFACT_COLUMNS + " FROM artifacts WHERE project_id = ? AND id = ?",
                this::artifact, projectId, artifactId));
    }

    @Override
    public List<Artifact> artifacts(String projectId, String runId) {
        return database.read(c -> list(c, "SELECT " + ARTIFACT_COLUMNS + " FROM artifacts WHERE project_id = ? AND run_id = ?"
                + " ORDER BY created_at, id", this::artifact, projectId, runId));
    }

    // --- tokens ---

    @Override
    public void insertToken(ApiToken token, String secretHash) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(secretHash, "secretHash");
        if (!secretHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("secretHash must be a lower-case hex SHA-256");
        }
        database.write(c -> insert(c, "INSERT INTO tokens (id, name, admin, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                () -> new ConflictException("a token with id " + token.id() + " or with the same secret exists already"),
                null,
                token.id(), token.name(), token.admin(), secretHash, Times.format(token.createdAt())));
    }

    @Override
    public Optional<ApiToken> tokenByHash(String secretHash) {
        return database.read(c -> one(c, "SELECT " + TOKEN_COLUMNS + " FROM tokens WHERE secret_hash = ? AND revoked_at IS NULL",
                this::token, secretHash));
    }

    /** @return the tokens that are not revoked, oldest first */
    @Override
    public List<ApiToken> tokens() {
        return database.read(c -> list(c, "SELECT " + TOKEN_COLUMNS + " FROM tokens WHERE revoked_at IS NULL ORDER BY created_at, id",
                this::token));
    }

    @Override
    public boolean revokeToken(String id, Instant when) {
        Objects.requireNonNull(when, "when");
        return database.write(c -> update(c, "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                Times.format(when), id) > 0);
    }

    @Override
    public long activeTokenCount() {
        return database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT COUNT(*) FROM tokens WHERE revoked_at IS NULL");
                 ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    // --- rows ---

    private Project project(ResultSet rs) throws SQLException {
        return new Project(rs.getString(1), rs.getString(2), rs.getString(3), Times.parse(rs.getString(4)));
    }

    private Dataset dataset(ResultSet rs) throws SQLException {
        return new Dataset(rs.getString(1), rs.getString(2), rs.getString(3), Times.parse(rs.getString(4)));
    }

    private DatasetVersion version(ResultSet rs) throws SQLException {
        String drift = rs.getString(10);
        return new DatasetVersion(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5),
                json.readSchema(rs.getString(6)), json.readMap(rs.getString(7)), rs.getString(8), Times.parse(rs.getString(9)),
                drift == null ? null : json.readDrift(drift));
    }

    private DatasetSummary summary(ResultSet rs) throws SQLException {
        Instant createdAt = Times.parse(rs.getString(4));
        int versionCount = rs.getInt(5);
        int number = rs.getInt(6);
        boolean hasVersion = !rs.wasNull();
        Long rowCount = hasVersion ? rs.getLong(7) : null;
        Long sizeBytes = hasVersion ? rs.getLong(8) : null;
        Integer columnCount = null;
        boolean breaking = false;
        Instant updatedAt = createdAt;
        if (hasVersion) {
            Schema schema = json.readSchema(rs.getString(9));
            columnCount = schema.columns().size();
            String drift = rs.getString(10);
            breaking = drift != null && json.readDrift(drift).breaking();
            updatedAt = Times.parse(rs.getString(11));
        }
        String runId = rs.getString(12);
        String runStatus = rs.getString(13);
        return new DatasetSummary(rs.getString(1), rs.getString(2), rs.getString(3), createdAt, versionCount,
                hasVersion ? number : null, rowCount, columnCount, sizeBytes, runId,
                runStatus == null ? null : RunStatus.valueOf(runStatus.toUpperCase(Locale.ROOT)), breaking, updatedAt,
                rs.getString(14) == null ? null : profileSummary(rs, 14));
    }

    /** A {@link ProfileSummary} from {@link #PROFILE_COLUMNS}, starting at column {@code at}. */
    private ProfileSummary profileSummary(ResultSet rs, int at) throws SQLException {
        int version = rs.getInt(at + 3);
        Integer number = rs.wasNull() ? null : version;
        return new ProfileSummary(rs.getString(at), rs.getString(at + 1),
                RunStatus.valueOf(rs.getString(at + 2).toUpperCase(Locale.ROOT)), number,
                json.readCounts(rs.getString(at + 4)), json.readCounts(rs.getString(at + 5)), rs.getInt(at + 6),
                Times.parse(rs.getString(at + 7)), rs.getString(at + 8));
    }

    private Run run(ResultSet rs) throws SQLException {
        return new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                json.readMap(rs.getString(6)), rs.getString(7), RunStatus.valueOf(rs.getString(8).toUpperCase(Locale.ROOT)),
                new Progress(rs.getDouble(9), rs.getString(10)), rs.getString(11),
                Times.parse(rs.getString(12)), Times.parse(rs.getString(13)), Times.parse(rs.getString(14)));
    }

    private Artifact artifact(ResultSet rs) throws SQLException {
        return new Artifact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getString(8), Times.parse(rs.getString(9)));
    }

    private ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(rs.getString(1), rs.getString(2), rs.getBoolean(3), Times.parse(rs.getString(4)));
    }

    /** Run statuses are stored in lower case, as the REST API shows them. */
    private static String status(RunStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    // --- statements ---

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** A NULL parameter of a column that is not text (PostgreSQL does not turn a text NULL into a number). */
    private record TypedNull(int sqlType) {
        static Object integer(Integer value) {
            return value == null ? new TypedNull(Types.INTEGER) : value;
        }
    }

    private static void bind(PreparedStatement statement, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg == null) {
                statement.setNull(i + 1, Types.VARCHAR);
            } else if (arg instanceof TypedNull n) {
                statement.setNull(i + 1, n.sqlType());
            } else if (arg instanceof String s) {
                statement.setString(i + 1, s);
            } else if (arg instanceof Integer n) {
                statement.setInt(i + 1, n);
            } else if (arg instanceof Long n) {
                statement.setLong(i + 1, n);
            } else if (arg instanceof Double d) {
                statement.setDouble(i + 1, d);
            } else if (arg instanceof Boolean b) {
                statement.setBoolean(i + 1, b);
            } else {
                throw new IllegalArgumentException("unsupported parameter type " + arg.getClass());
            }
        }
    }

    private static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        List<T> rows = list(c, sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, args);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        }
    }

    /** Counts with {@code countSql} (taking {@code filter}), then reads the page with {@code pageSql} (taking {@code filter}, limit, offset). */
    private static <T> Page<T> page(Connection c, String countSql, String pageSql, RowMapper<T> mapper,
                                    int offset, int limit, Object... filter) throws SQLException {
        long total;
        try (PreparedStatement statement = c.prepareStatement(countSql)) {
            bind(statement, filter);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        List<T> items = offset >= total ? List.of() : list(c, pageSql, mapper, append(filter, limit, offset));
        return new Page<>(items, offset, limit, total);
    }

    private static Object[] append(Object[] args, Object... more) {
        Object[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private static boolean exists(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, args);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, args);
            return statement.executeUpdate();
        }
    }

    /**
     * Inserts a row, turning constraint violations into the caller's exceptions.
     *
     * @param conflict   made on a unique-constraint violation
     * @param missing    made on a foreign-key violation, or {@code null}
     */
    private Void insert(Connection c, String sql, java.util.function.Supplier<RuntimeException> conflict,
                        java.util.function.Supplier<RuntimeException> missing, Object... args) throws SQLException {
        try {
            update(c, sql, args);
            return null;
        } catch (SQLException e) {
            if (database.dialect().isUniqueViolation(e)) {
                throw conflict.get();
            }
            if (missing != null && database.dialect().isForeignKeyViolation(e)) {
                throw missing.get();
            }
            throw e;
        }
    }
}

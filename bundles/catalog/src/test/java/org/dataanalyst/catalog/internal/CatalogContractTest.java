package org.dataanalyst.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.dataanalyst.api.ApiToken;
import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.Column;
import org.dataanalyst.api.ConflictException;
import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Page;
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
import org.dataanalyst.catalog.internal.Dialect.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every catalog backend must show. Subclasses provide a fresh, empty database per test.
 */
abstract class CatalogContractTest {

    /** Where a test's database is. */
    record Target(String url, String user, String password) {
    }

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    protected Target target;
    protected JdbcCatalog catalog;
    private final List<JdbcCatalog> opened = new ArrayList<>();
    private int ids;

    /** @return a fresh, empty database for this test */
    protected abstract Target createDatabase() throws Exception;

    /** Removes the database made by {@link #createDatabase()}. */
    protected abstract void dropDatabase(Target target) throws Exception;

    @BeforeEach
    void openCatalog() throws Exception {
        target = createDatabase();
        catalog = open();
    }

    @AfterEach
    void closeCatalog() throws Exception {
        opened.forEach(JdbcCatalog::close);
        dropDatabase(target);
    }

    protected JdbcCatalog open() {
        JdbcCatalog c = new JdbcCatalog(target.url(), target.user(), target.password());
        opened.add(c);
        return c;
    }

    /** Runs SQL on a connection of its own, behind the catalog's back. */
    protected long sql(String sql) throws SQLException {
        try (Connection connection = Dialect.of(target.url()).open(target.url(), nz(target.user()), nz(target.password()), Role.WRITER)) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                if (statement.execute(sql)) {
                    try (ResultSet rs = statement.getResultSet()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
                return statement.getUpdateCount();
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private String id(String prefix) {
        return prefix + (++ids);
    }

    private Project project(String name, Instant createdAt) {
        Project project = new Project(id("p"), name, "about " + name, createdAt);
        catalog.insertProject(project);
        return project;
    }

    private Run run(Project project, String key, RunStatus status, Instant createdAt) {
        Run run = new Run(id("r"), project.id(), "profile", null, null, Map.of("sample", 10), key, status,
                Progress.NONE, null, createdAt, null, null);
        catalog.insertRun(run);
        return run;
    }

    // --- migrations ---

    @Test
    void migrationsAreRecordedAndApplyOnlyOnce() throws Exception {
        assertEquals(Migrations.latestVersion(), sql("SELECT COUNT(*) FROM schema_version"));
        open(); // a second start
        assertEquals(Migrations.latestVersion(), sql("SELECT COUNT(*) FROM schema_version"));
        assertEquals(Migrations.latestVersion(), sql("SELECT MAX(version) FROM schema_version"));
        try (Database database = new Database(target.url(), nz(target.user()), nz(target.password()), 1)) {
            assertEquals(0, Migrations.migrate(database));
        }
    }

    @Test
    void aNewerSchemaThanTheCodeKnowsIsAClearError() throws Exception {
        sql("INSERT INTO schema_version (version, description, applied_at) VALUES (999, 'from the future', '2030-01-01T00:00:00Z')");
        IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
        assertTrue(e.getMessage().contains("schema version 999"), e.getMessage());
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }

    // --- projects ---

    @Test
    void projectsAreStoredReadAndDeleted() {
        assertEquals(0, catalog.projects(0, 10).total());
        Project sales = project("sales", T0);
        assertEquals(List.of(sales), catalog.projects(0, 10).items());

        assertEquals(Optional.of(sales), catalog.project(sales.id()));
        assertEquals(Optional.of(sales), catalog.projectByName("sales"));
        assertEquals(Optional.empty(), catalog.project("nope"));
        assertEquals(Optional.empty(), catalog.projectByName("Sales"));

        assertTrue(catalog.deleteProject(sales.id()));
        assertFalse(catalog.deleteProject(sales.id()));
        assertEquals(Optional.empty(), catalog.project(sales.id()));
        assertEquals(0, catalog.projects(0, 10).total());
    }

    /**
     * @return how long after a write by someone else (another catalog instance, another process, raw
     *         SQL) the project list may still show the old data: none unless a backend documents one
     */
    protected long foreignWriteStalenessMillis() {
        return 0;
    }

    /**
     * Asserts that the project list shows a write made elsewhere within {@link #foreignWriteStalenessMillis()}
     * (plus a small margin for a busy machine): polls until it does, fails when the bound has passed.
     */
    private void assertSeenWithinBound(java.util.function.BooleanSupplier shown, String what) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(foreignWriteStalenessMillis() + 200);
        while (!shown.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " not seen within the staleness bound");
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    @Test
    void writesOfAnotherCatalogOrOfRawSqlAreSeenWithinTheStalenessBound() throws Exception {
        JdbcCatalog other = open();
        assertEquals(0, catalog.projects(0, 10).total());

        Project p = new Project("x1", "elsewhere", "", T0);
        other.insertProject(p);
        assertEquals(Optional.of(p), catalog.project(p.id()), "uncached queries see it at once");
        assertSeenWithinBound(() -> catalog.projects(0, 10).items().equals(List.of(p)), "an insert");

        sql("UPDATE projects SET description = 'changed' WHERE id = 'x1'");
        assertSeenWithinBound(() -> catalog.projects(0, 10).items().get(0).description().equals("changed"), "an update");

        other.deleteProject(p.id());
        assertSeenWithinBound(() -> catalog.projects(0, 10).total() == 0, "a delete");
    }

    @Test
    void ownWritesAreSeenAtOnce() {
        assertEquals(0, catalog.projects(0, 10).total());
        Project p = project("mine", T0);
        assertEquals(List.of(p), catalog.projects(0, 10).items());
        catalog.deleteProject(p.id());
        assertEquals(0, catalog.projects(0, 10).total());
    }

    @Test
    void timesKeepTheirPrecisionAndOrder() {
        // Instant.toString would store "…:00Z" and "…:00.5Z", whose text order is the wrong way round.
        Project later = project("later", T0.plusMillis(500));
        Project earlier = project("earlier", T0);
        Project precise = project("precise", T0.plusNanos(123_456_789));

        assertEquals(List.of(earlier, precise, later), catalog.projects(0, 10).items());
        assertEquals(T0.plusNanos(123_456_789), catalog.project(precise.id()).orElseThrow().createdAt());
    }

    @Test
    void projectPagesCountTheWholeList() {
        List<Project> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            all.add(project("p" + i, T0.plusSeconds(i)));
        }

        Page<Project> first = catalog.projects(0, 3);
        assertEquals(all.subList(0, 3), first.items());
        assertEquals(7, first.total());
        assertEquals(0, first.offset());
        assertEquals(3, first.limit());
        assertEquals(all.subList(6, 7), catalog.projects(6, 3).items());
        Page<Project> beyond = catalog.projects(10, 3);
        assertEquals(List.of(), beyond.items());
        assertEquals(7, beyond.total());

        assertThrows(InvalidRequestException.class, () -> catalog.projects(-1, 3));
        assertThrows(InvalidRequestException.class, () -> catalog.projects(0, 0));
        assertThrows(InvalidRequestException.class, () -> catalog.projects(0, Page.MAX_LIMIT + 1));
    }

    @Test
    void aDuplicateProjectNameIsAConflict() {
        project("sales", T0);

        ConflictException e = assertThrows(ConflictException.class,
                () -> catalog.insertProject(new Project("other-id", "sales", "", T0)));
        assertTrue(e.getMessage().contains("'sales'"), e.getMessage());
        assertEquals(1, catalog.projects(0, 10).total());
        assertEquals(Optional.empty(), catalog.project("other-id"));
    }

    @Test
    void aDuplicateProjectIdIsAConflict() {
        Project sales = project("sales", T0);

        assertThrows(ConflictException.class, () -> catalog.insertProject(new Project(sales.id(), "other", "", T0)));
        assertEquals(Optional.empty(), catalog.projectByName("other"));
    }

    // --- datasets and versions ---

    @Test
    void datasetsBelongToTheirProject() {
        Project sales = project("sales", T0);
        Project hr = project("hr", T0);
        Dataset orders = new Dataset(id("d"), sales.id(), "orders", T0);
        Dataset customers = new Dataset(id("d"), sales.id(), "customers", T0.plusSeconds(1));
        catalog.insertDataset(orders);
        catalog.insertDataset(customers);
        catalog.insertDataset(new Dataset(id("d"), hr.id(), "orders", T0)); // same name, other project

        assertEquals(Optional.of(orders), catalog.dataset(sales.id(), orders.id()));
        assertEquals(Optional.empty(), catalog.dataset(hr.id(), orders.id()));
        Page<Dataset> page = catalog.datasets(sales.id(), 0, 1);
        assertEquals(List.of(orders), page.items());
        assertEquals(2, page.total());
        assertEquals(List.of(customers), catalog.datasets(sales.id(), 1, 1).items());

        ConflictException e = assertThrows(ConflictException.class,
                () -> catalog.insertDataset(new Dataset(id("d"), sales.id(), "orders", T0)));
        assertTrue(e.getMessage().contains("'orders'"), e.getMessage());
        assertThrows(NotFoundException.class, () -> catalog.insertDataset(new Dataset(id("d"), "no-such-project", "x", T0)));
    }

    @Test
    void versionsAreListedNewestFirstAndKeepSchemaAndSource() {
        Project sales = project("sales", T0);
        Dataset orders = new Dataset(id("d"), sales.id(), "orders", T0);
        catalog.insertDataset(orders);
        Schema schema = new Schema(List.of(new Column("id", "BIGINT", false), new Column("amount", "DOUBLE", true)));
        List<DatasetVersion> versions = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            DatasetVersion v = new DatasetVersion(id("v"), orders.id(), n, 100L * n, 4096L * n, schema,
                    Map.of("kind", "csv", "path", "raw/orders.csv", "options", Map.of("delimiter", ";", "header", true),
                            "columns", List.of("id", "amount")),
                    id("r"), T0.plusSeconds(n));
            catalog.insertVersion(v);
            versions.add(v);
        }

        Page<DatasetVersion> page = catalog.versions(orders.id(), 0, 2);
        assertEquals(List.of(versions.get(2), versions.get(1)), page.items());
        assertEquals(3, page.total());
        assertEquals(Optional.of(versions.get(0)), catalog.version(versions.get(0).id()));
        assertEquals(Optional.empty(), catalog.version("nope"));

        assertThrows(ConflictException.class, () -> catalog.insertVersion(
                new DatasetVersion(id("v"), orders.id(), 2, 1, 1, schema, Map.of(), null, T0)));
        assertThrows(NotFoundException.class, () -> catalog.insertVersion(
                new DatasetVersion(id("v"), "no-such-dataset", 1, 1, 1, schema, Map.of(), null, T0)));
    }

    private static final Schema ORDERS_V1 = new Schema(List.of(new Column("id", "BIGINT", false),
            new Column("amount", "DOUBLE", true)));
    private static final Schema ORDERS_V2 = new Schema(List.of(new Column("id", "INTEGER", false),
            new Column("total", "DOUBLE", true), new Column("note", "VARCHAR", true)));

    private static SchemaDrift breakingDrift(int from, int to) {
        return new SchemaDrift(from, to, List.of(
                new SchemaDrift.Change(SchemaDrift.Kind.TYPE_CHANGED, "id", null, "BIGINT", "INTEGER", 0, 0, false, false,
                        true, "type BIGINT → INTEGER (narrowing)"),
                new SchemaDrift.Change(SchemaDrift.Kind.RENAMED, "amount", "total", "DOUBLE", "DOUBLE", 1, 1, true, true,
                        true, "renamed to 'total'"),
                new SchemaDrift.Change(SchemaDrift.Kind.ADDED, "note", null, null, "VARCHAR", null, 2, null, true,
                        false, "column added")),
                true);
    }

    private Dataset dataset(Project project, String name, Instant createdAt) {
        Dataset dataset = new Dataset(id("d"), project.id(), name, createdAt);
        catalog.insertDataset(dataset);
        return dataset;
    }

    private DatasetVersion version(Dataset dataset, int number, Schema schema, SchemaDrift drift, Instant createdAt) {
        DatasetVersion version = new DatasetVersion(id("v"), dataset.id(), number, 10L * number, 1000L * number, schema,
                Map.of("kind", "csv", "location", "raw/u1/orders.csv",
                        "fingerprint", Map.of("sha256", "ab".repeat(32), "rows", 10 * number)),
                id("r"), createdAt, drift);
        catalog.insertVersion(version);
        return version;
    }

    private Run ingestRun(Project project, Dataset dataset, RunStatus status, Instant createdAt) {
        Run run = new Run(id("r"), project.id(), Catalog.INGEST_RUN_TYPE, dataset.id(), null,
                Map.of("name", dataset.name()), "key-" + ids, status, Progress.NONE, null, createdAt, null, null);
        catalog.insertRun(run);
        return run;
    }

    @Test
    void versionsKeepTheirDriftAndAreFoundByNumber() {
        Project sales = project("sales", T0);
        Dataset orders = dataset(sales, "orders", T0);
        assertEquals(Optional.empty(), catalog.latestVersion(orders.id()));
        assertEquals(Optional.empty(), catalog.version(orders.id(), 1));

        DatasetVersion v1 = version(orders, 1, ORDERS_V1, null, T0.plusSeconds(1));
        DatasetVersion v2 = version(orders, 2, ORDERS_V2, breakingDrift(1, 2), T0.plusSeconds(2));

        assertEquals(Optional.of(v2), catalog.latestVersion(orders.id()));
        assertEquals(Optional.of(v1), catalog.version(orders.id(), 1));
        assertEquals(Optional.of(v2), catalog.version(orders.id(), 2));
        assertEquals(Optional.empty(), catalog.version(orders.id(), 3));
        assertEquals(Optional.empty(), catalog.version("other-dataset", 1));
        assertEquals(breakingDrift(1, 2), catalog.version(v2.id()).orElseThrow().drift());
        assertEquals(null, catalog.version(v1.id()).orElseThrow().drift());
        assertEquals(List.of(v2, v1), catalog.versions(orders.id(), 0, 10).items());

        ConflictException e = assertThrows(ConflictException.class,
                () -> version(orders, 2, ORDERS_V1, null, T0.plusSeconds(3)));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        assertEquals(Optional.of(v2), catalog.latestVersion(orders.id()), "the conflicting insert changed nothing");
    }

    @Test
    void datasetsAreFoundByNameWithinTheirProject() {
        Project sales = project("sales", T0);
        Project hr = project("hr", T0);
        Dataset orders = dataset(sales, "orders", T0);
        Dataset hrOrders = dataset(hr, "orders", T0);

        assertEquals(Optional.of(orders), catalog.datasetByName(sales.id(), "orders"));
        assertEquals(Optional.of(hrOrders), catalog.datasetByName(hr.id(), "orders"));
        assertEquals(Optional.empty(), catalog.datasetByName(sales.id(), "Orders"));
        assertEquals(Optional.empty(), catalog.datasetByName("no-such-project", "orders"));
    }

    @Test
    void datasetSummariesJoinLatestVersionVersionCountAndNewestIngestRun() {
        Project sales = project("sales", T0);
        Project hr = project("hr", T0);
        Dataset orders = dataset(sales, "orders", T0);
        Dataset customers = dataset(sales, "customers", T0.plusSeconds(1));
        Dataset empty = dataset(sales, "empty", T0.plusSeconds(2));
        Dataset elsewhere = dataset(hr, "staff", T0);

        version(orders, 1, ORDERS_V1, null, T0.plusSeconds(10));
        DatasetVersion latest = version(orders, 2, ORDERS_V2, breakingDrift(1, 2), T0.plusSeconds(20));
        version(customers, 1, ORDERS_V1, null, T0.plusSeconds(11));
        version(elsewhere, 1, ORDERS_V1, null, T0.plusSeconds(12));

        ingestRun(sales, orders, RunStatus.SUCCEEDED, T0.plusSeconds(5));
        Run newest = ingestRun(sales, orders, RunStatus.FAILED, T0.plusSeconds(30));
        // a newer run of another type and one of another dataset do not count
        catalog.insertRun(new Run(id("r"), sales.id(), "profile", orders.id(), latest.id(), Map.of(), "p", RunStatus.QUEUED,
                Progress.NONE, null, T0.plusSeconds(40), null, null));
        ingestRun(sales, customers, RunStatus.RUNNING, T0.plusSeconds(50));
        Run emptyRun = ingestRun(sales, empty, RunStatus.QUEUED, T0.plusSeconds(60));

        Page<DatasetSummary> page = catalog.datasetSummaries(sales.id(), 0, 10);
        assertEquals(3, page.total());
        assertEquals(List.of("orders", "customers", "empty"), page.items().stream().map(DatasetSummary::name).toList());

        DatasetSummary o = page.items().get(0);
        assertEquals(new DatasetSummary(orders.id(), sales.id(), "orders", T0, 2, 2, 20L, 3, 2000L, newest.id(),
                RunStatus.FAILED, true, T0.plusSeconds(20), null), o);

        DatasetSummary c = page.items().get(1);
        assertEquals(1, c.versionCount());
        assertEquals(1, c.latestVersion());
        assertEquals(2, c.columnCount());
        assertEquals(RunStatus.RUNNING, c.lastIngestStatus());
        assertFalse(c.driftWarning());

        DatasetSummary e = page.items().get(2);
        assertEquals(new DatasetSummary(empty.id(), sales.id(), "empty", T0.plusSeconds(2), 0, null, null, null, null,
                emptyRun.id(), RunStatus.QUEUED, false, T0.plusSeconds(2), null), e);

        Page<DatasetSummary> second = catalog.datasetSummaries(sales.id(), 1, 1);
        assertEquals(List.of(c), second.items());
        assertEquals(3, second.total());
        assertEquals(List.of(), catalog.datasetSummaries(sales.id(), 5, 10).items());
        assertEquals(0, catalog.datasetSummaries("no-such-project", 0, 10).total());
        assertThrows(InvalidRequestException.class, () -> catalog.datasetSummaries(sales.id(), 0, 0));
    }

    @Test
    void theProfileSummaryOfTheRunThatFinishedLastStaysAndShowsInTheDatasetList() {
        Project sales = project("sales", T0);
        Dataset orders = dataset(sales, "orders", T0);
        Dataset customers = dataset(sales, "customers", T0.plusSeconds(1));
        version(orders, 1, ORDERS_V1, null, T0.plusSeconds(2));
        assertEquals(Optional.empty(), catalog.profileSummary(orders.id()));

        ProfileSummary first = new ProfileSummary(orders.id(), "r1", RunStatus.SUCCEEDED, 1,
                Map.of("info", 2, "warning", 3), Map.of("pass", 4, "warn", 0, "fail", 1), 0, T0.plusSeconds(10), null);
        catalog.putProfileSummary(first);
        assertEquals(Optional.of(first), catalog.profileSummary(orders.id()));

        // a run that finished earlier (it started first and was slower) does not replace it
        catalog.putProfileSummary(new ProfileSummary(orders.id(), "r0", RunStatus.FAILED, null, Map.of(), Map.of(), 0,
                T0.plusSeconds(9), "engine gone"));
        assertEquals(Optional.of(first), catalog.profileSummary(orders.id()));

        ProfileSummary failed = new ProfileSummary(orders.id(), "r2", RunStatus.FAILED, null, Map.of(), Map.of(), 0,
                T0.plusSeconds(20), "the staged data of version 1 is missing");
        catalog.putProfileSummary(failed);
        assertEquals(Optional.of(failed), catalog.profileSummary(orders.id()));

        Page<DatasetSummary> page = catalog.datasetSummaries(sales.id(), 0, 10);
        assertEquals(failed, page.items().get(0).profile());
        assertNull(page.items().get(1).profile(), "customers was never profiled");
        assertEquals(Optional.empty(), catalog.profileSummary(customers.id()));

        assertThrows(NotFoundException.class, () -> catalog.putProfileSummary(new ProfileSummary("no-such-dataset", "r3",
                RunStatus.SUCCEEDED, 1, Map.of(), Map.of(), 0, T0, null)));
        catalog.deleteProject(sales.id());
        assertEquals(Optional.empty(), catalog.profileSummary(orders.id()), "deleted with its project");
    }

    @Test
    void declaredRulesAreReplacedAsAWholeAndKeepTheirOrderAndValues() {
        Project sales = project("sales", T0);
        Dataset orders = dataset(sales, "orders", T0);
        assertEquals(Optional.empty(), catalog.rules(orders.id()));

        List<Map<String, Object>> rules = List.of(
                Map.of("type", "range", "column", "price", "min", 0, "max", 12.5),
                Map.of("type", "allowed_values", "column", "state", "values", List.of("open", "closed"), "severity", "warn"),
                Map.of("type", "not_null", "column", "id"));
        catalog.putRules(new RuleSet(orders.id(), rules, T0.plusSeconds(5)));
        RuleSet stored = catalog.rules(orders.id()).orElseThrow();
        assertEquals(rules, stored.rules());
        assertEquals(T0.plusSeconds(5), stored.updatedAt());

        catalog.putRules(new RuleSet(orders.id(), List.of(), T0.plusSeconds(6)));
        assertEquals(List.of(), catalog.rules(orders.id()).orElseThrow().rules());
        assertEquals(T0.plusSeconds(6), catalog.rules(orders.id()).orElseThrow().updatedAt());

        assertThrows(NotFoundException.class, () -> catalog.putRules(new RuleSet("no-such-dataset", rules, T0)));
        catalog.deleteProject(sales.id());
        assertEquals(Optional.empty(), catalog.rules(orders.id()), "deleted with its project");
    }

    @Test
    void theNewestRunOfATypeIsFoundPerDataset() {
        Project sales = project("sales", T0);
        Dataset orders = dataset(sales, "orders", T0);
        Dataset customers = dataset(sales, "customers", T0);
        assertEquals(Optional.empty(), catalog.latestRun(orders.id(), Catalog.INGEST_RUN_TYPE));

        ingestRun(sales, orders, RunStatus.SUCCEEDED, T0.plusSeconds(1));
        Run newest = ingestRun(sales, orders, RunStatus.CANCELLED, T0.plusSeconds(2));
        ingestRun(sales, customers, RunStatus.QUEUED, T0.plusSeconds(3));

        assertEquals(Optional.of(newest), catalog.latestRun(orders.id(), Catalog.INGEST_RUN_TYPE));
        assertEquals(Optional.empty(), catalog.latestRun(orders.id(), "profile"));
    }

    @Test
    void aRunRecordsTheVersionItProducedWithoutLosingItsState() {
        Project sales = project("sales", T0);
        Dataset orders = dataset(sales, "orders", T0);
        Run run = ingestRun(sales, orders, RunStatus.RUNNING, T0);
        DatasetVersion v1 = version(orders, 1, ORDERS_V1, null, T0.plusSeconds(1));

        catalog.updateRunDatasetVersion(sales.id(), run.id(), v1.id());
        Run stored = catalog.run(sales.id(), run.id()).orElseThrow();
        assertEquals(v1.id(), stored.datasetVersionId());
        assertEquals(RunStatus.RUNNING, stored.status());
        assertEquals(run.params(), stored.params());

        // the run engine's later status update (from its own copy of the run) keeps the version
        catalog.updateRun(run.with(RunStatus.SUCCEEDED, new Progress(1, "done"), null, T0, T0.plusSeconds(2)));
        assertEquals(v1.id(), catalog.run(sales.id(), run.id()).orElseThrow().datasetVersionId());

        assertThrows(NotFoundException.class, () -> catalog.updateRunDatasetVersion(sales.id(), "no-such-run", v1.id()));
        assertThrows(NotFoundException.class, () -> catalog.updateRunDatasetVersion("other-project", run.id(), v1.id()));
    }

    @Test
    void aVersionOneCatalogIsUpgradedKeepingItsVersions() throws Exception {
        Project sales = project("sales", T0);
        Dataset orders = dataset(sales, "orders", T0);
        DatasetVersion v1 = version(orders, 1, ORDERS_V1, null, T0.plusSeconds(1));
        catalog.close();
        // back to the V1 schema, as a catalog of the first release has it
        sql("DROP TABLE dataset_rules");
        sql("DROP TABLE dataset_profiles");
        sql("DROP INDEX runs_dataset_type_created");
        sql("ALTER TABLE dataset_versions DROP COLUMN drift_json");
        sql("DELETE FROM schema_version WHERE version >= 2");

        catalog = open();

        assertEquals(Migrations.latestVersion(), sql("SELECT MAX(version) FROM schema_version"));
        assertEquals(Optional.of(v1), catalog.latestVersion(orders.id()));
        DatasetVersion v2 = version(orders, 2, ORDERS_V2, breakingDrift(1, 2), T0.plusSeconds(2));
        assertEquals(Optional.of(v2), catalog.latestVersion(orders.id()));
    }

    // --- runs ---

    @Test
    void runsAreStoredUpdatedAndListedNewestFirst() {
        Project sales = project("sales", T0);
        Run first = new Run(id("r"), sales.id(), "profile", "d1", "v1",
                Map.of("columns", List.of("a", "b"), "sample", 1000, "ratio", 0.5, "nested", Map.of("x", true)),
                "key-1", RunStatus.QUEUED, Progress.NONE, null, T0, null, null);
        catalog.insertRun(first);
        Run second = run(sales, "key-2", RunStatus.QUEUED, T0.plusSeconds(1));

        assertEquals(Optional.of(first), catalog.run(sales.id(), first.id()));
        assertEquals(Optional.empty(), catalog.run("other-project", first.id()));

        Run running = first.with(RunStatus.RUNNING, new Progress(0.25, "scanning"), null, T0.plusSeconds(2), null);
        catalog.updateRun(running);
        assertEquals(Optional.of(running), catalog.run(sales.id(), first.id()));
        Run failed = running.with(RunStatus.FAILED, new Progress(0.25, "scanning"), "profiler x threw", T0.plusSeconds(2), T0.plusSeconds(3));
        catalog.updateRun(failed);
        assertEquals(Optional.of(failed), catalog.run(sales.id(), first.id()));

        Page<Run> page = catalog.runs(sales.id(), 0, 10);
        assertEquals(List.of(second, failed), page.items());
        assertEquals(2, page.total());
        assertEquals(List.of(failed), catalog.runs(sales.id(), 1, 10).items());

        assertThrows(NotFoundException.class, () -> catalog.updateRun(
                new Run("no-such-run", sales.id(), "profile", null, null, Map.of(), null, RunStatus.RUNNING, null, null, T0, null, null)));
        assertThrows(NotFoundException.class, () -> catalog.insertRun(
                new Run(id("r"), "no-such-project", "profile", null, null, Map.of(), null, RunStatus.QUEUED, null, null, T0, null, null)));
        assertThrows(ConflictException.class, () -> catalog.insertRun(first));
    }

    @Test
    void runsInStatusSpanProjectsOldestFirst() {
        Project sales = project("sales", T0);
        Project hr = project("hr", T0);
        Run a = run(sales, "a", RunStatus.RUNNING, T0.plusSeconds(3));
        Run b = run(hr, "b", RunStatus.QUEUED, T0.plusSeconds(1));
        run(hr, "c", RunStatus.SUCCEEDED, T0.plusSeconds(2));
        Run d = run(sales, "d", RunStatus.QUEUED, T0.plusSeconds(4));

        assertEquals(List.of(b, a, d), catalog.runsInStatus(RunStatus.QUEUED, RunStatus.RUNNING));
        assertEquals(List.of(a), catalog.runsInStatus(RunStatus.RUNNING));
        assertEquals(List.of(), catalog.runsInStatus(RunStatus.CANCELLED));
        assertEquals(List.of(), catalog.runsInStatus());
    }

    @Test
    void reusableRunIsTheNewestNotFailedOrCancelledRunWithTheKey() {
        Project sales = project("sales", T0);
        Project hr = project("hr", T0);
        assertEquals(Optional.empty(), catalog.reusableRun(sales.id(), "k"));

        Run succeeded = run(sales, "k", RunStatus.SUCCEEDED, T0.plusSeconds(1));
        run(sales, "k", RunStatus.FAILED, T0.plusSeconds(2));
        run(sales, "k", RunStatus.CANCELLED, T0.plusSeconds(3));
        run(sales, "other", RunStatus.QUEUED, T0.plusSeconds(4));
        run(hr, "k", RunStatus.QUEUED, T0.plusSeconds(5));
        assertEquals(Optional.of(succeeded), catalog.reusableRun(sales.id(), "k"));

        Run running = run(sales, "k", RunStatus.RUNNING, T0.plusSeconds(6));
        assertEquals(Optional.of(running), catalog.reusableRun(sales.id(), "k"));

        catalog.updateRun(running.with(RunStatus.FAILED, running.progress(), "boom", T0.plusSeconds(6), T0.plusSeconds(7)));
        assertEquals(Optional.of(succeeded), catalog.reusableRun(sales.id(), "k"));
        assertEquals(Optional.empty(), catalog.reusableRun(sales.id(), null));
    }

    // --- artifacts ---

    @Test
    void artifactsBelongToTheirRun() {
        Project sales = project("sales", T0);
        Project hr = project("hr", T0);
        Run r1 = run(sales, null, RunStatus.SUCCEEDED, T0);
        Run r2 = run(sales, null, RunStatus.SUCCEEDED, T0);
        Artifact json = artifact(sales, r1, "profile.json", T0);
        Artifact html = artifact(sales, r1, "profile.html", T0.plusSeconds(1));
        artifact(sales, r2, "profile.json", T0); // same name, other run

        assertEquals(Optional.of(json), catalog.artifact(sales.id(), json.id()));
        assertEquals(Optional.empty(), catalog.artifact(hr.id(), json.id()));
        assertEquals(List.of(json, html), catalog.artifacts(sales.id(), r1.id()));
        assertEquals(List.of(), catalog.artifacts(hr.id(), r1.id()));

        assertThrows(ConflictException.class, () -> artifact(sales, r1, "profile.html", T0));
        assertThrows(NotFoundException.class, () -> catalog.insertArtifact(new Artifact(id("a"), sales.id(), "no-such-run",
                "x.txt", "log", "text/plain", 1, "00", T0)));
    }

    private Artifact artifact(Project project, Run run, String name, Instant createdAt) {
        Artifact artifact = new Artifact(id("a"), project.id(), run.id(), name, "profile", "application/json", 1234,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", createdAt);
        catalog.insertArtifact(artifact);
        return artifact;
    }

    // --- tokens ---

    @Test
    void tokensAreFoundByHashUntilRevoked() {
        String hash1 = "a".repeat(64);
        String hash2 = "b".repeat(64);
        ApiToken admin = new ApiToken(id("t"), "admin", true, T0);
        ApiToken ci = new ApiToken(id("t"), "ci", false, T0.plusSeconds(1));
        assertEquals(0, catalog.activeTokenCount());
        catalog.insertToken(admin, hash1);
        catalog.insertToken(ci, hash2);

        assertEquals(Optional.of(admin), catalog.tokenByHash(hash1));
        assertEquals(Optional.of(ci), catalog.tokenByHash(hash2));
        assertEquals(Optional.empty(), catalog.tokenByHash("c".repeat(64)));
        assertEquals(List.of(admin, ci), catalog.tokens());
        assertEquals(2, catalog.activeTokenCount());

        assertTrue(catalog.revokeToken(ci.id(), T0.plusSeconds(5)));
        assertFalse(catalog.revokeToken(ci.id(), T0.plusSeconds(6)));
        assertFalse(catalog.revokeToken("no-such-token", T0));
        assertEquals(Optional.empty(), catalog.tokenByHash(hash2));
        assertEquals(List.of(admin), catalog.tokens());
        assertEquals(1, catalog.activeTokenCount());

        assertThrows(ConflictException.class, () -> catalog.insertToken(new ApiToken(id("t"), "dup", false, T0), hash1));
        assertThrows(IllegalArgumentException.class, () -> catalog.insertToken(new ApiToken(id("t"), "x", false, T0), "not-a-hash"));
    }

    // --- cascade ---

    @Test
    void deletingAProjectDeletesEverythingItOwns() throws Exception {
        Project sales = project("sales", T0);
        Project hr = project("hr", T0);
        for (Project p : List.of(sales, hr)) {
            Dataset dataset = new Dataset(id("d"), p.id(), "orders", T0);
            catalog.insertDataset(dataset);
            catalog.insertVersion(new DatasetVersion(id("v"), dataset.id(), 1, 1, 1, new Schema(List.of()), Map.of(), null, T0));
            Run run = run(p, "k", RunStatus.SUCCEEDED, T0);
            artifact(p, run, "out.json", T0);
        }

        assertTrue(catalog.deleteProject(sales.id()));

        assertEquals(1, sql("SELECT COUNT(*) FROM projects"));
        for (String table : List.of("datasets", "dataset_versions", "runs", "artifacts")) {
            assertEquals(1, sql("SELECT COUNT(*) FROM " + table), table);
        }
        assertEquals(0, catalog.datasets(sales.id(), 0, 10).total());
        assertEquals(0, catalog.runs(sales.id(), 0, 10).total());
        assertEquals(1, catalog.runs(hr.id(), 0, 10).total());
    }

    // --- concurrency ---

    @Test
    void concurrentReadersAndWritersSeeNoErrors() throws Exception {
        Project base = project("base", T0);
        int writers = 4;
        int readers = 16;
        int rounds = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger written = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        Project p = new Project("w" + writer + "-" + i, "w" + writer + "-" + i, "", T0.plusSeconds(i));
                        catalog.insertProject(p);
                        Run run = new Run("run-" + writer + "-" + i, base.id(), "profile", null, null, Map.of(), "k" + i,
                                RunStatus.QUEUED, null, null, T0.plusSeconds(i), null, null);
                        catalog.insertRun(run);
                        catalog.updateRun(run.with(RunStatus.SUCCEEDED, new Progress(1, "done"), null, T0, T0));
                        written.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (int r = 0; r < readers; r++) {
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        Page<Project> page = catalog.projects(0, 50);
                        assertTrue(page.total() >= 1 && page.items().size() <= 50);
                        catalog.runs(base.id(), 0, 20);
                        catalog.reusableRun(base.id(), "k" + i);
                        catalog.project(base.id()).orElseThrow();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(writers * rounds, written.get());
        assertEquals(1 + writers * rounds, catalog.projects(0, 10).total());
        assertEquals(writers * rounds, catalog.runsInStatus(RunStatus.SUCCEEDED).size());
    }

    @Test
    void aWriteThatReturnedIsSeenByEveryLaterReadInAnyThread() throws Exception {
        int writers = 4;
        int readers = 12;
        int writesEach = 60;
        AtomicInteger returned = new AtomicInteger(); // writes that returned
        AtomicInteger writersLeft = new AtomicInteger(writers);
        AtomicInteger reads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    try {
                        for (int i = 0; i < writesEach; i++) {
                            catalog.insertProject(new Project("race-" + writer + "-" + i, "race " + writer + "-" + i, "",
                                    T0.plusSeconds(i)));
                            int done = returned.incrementAndGet();
                            long seen = catalog.projects(0, 1).total();
                            assertTrue(seen >= done, "the writer itself saw " + seen + " projects after " + done + " returned");
                        }
                    } finally {
                        writersLeft.decrementAndGet();
                    }
                    return null;
                }));
            }
            for (int r = 0; r < readers; r++) {
                int reader = r;
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    int limit = reader % 2 == 0 ? 1 : 50; // two cached pages
                    while (writersLeft.get() > 0) {
                        int done = returned.get(); // read BEFORE the read starts
                        long seen = catalog.projects(0, limit).total();
                        assertTrue(seen >= done, "a reader saw " + seen + " projects after " + done + " writes returned");
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(writers * writesEach, catalog.projects(0, 1).total());
        assertTrue(reads.get() > 0);
    }

    @Test
    void aClosedCatalogRefusesWork() {
        catalog.projects(0, 10); // cached, where the backend caches
        catalog.close();
        assertThrows(IllegalStateException.class, () -> catalog.projects(0, 10));
    }
}

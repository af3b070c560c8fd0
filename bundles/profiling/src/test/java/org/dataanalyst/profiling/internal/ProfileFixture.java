package org.dataanalyst.profiling.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.Column;
import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Ids;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.Schema;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.profile.ProfileService;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.catalog.internal.JdbcCatalog;
import org.dataanalyst.engine.duckdb.internal.DuckDbEngine;
import org.dataanalyst.runs.internal.RunEngine;
import org.dataanalyst.spi.profiler.Profiler;
import org.dataanalyst.spi.profiler.Profilers;
import org.dataanalyst.workspace.internal.WorkspaceProjectService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real parts for profile runs: DuckDB, the SQLite catalog, project workspaces and the run engine; staged
 * Parquet written by DuckDB; helpers to read what a run wrote.
 */
abstract class ProfileFixture {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BUNDLE = "test.profilers";

    @TempDir
    Path dir;

    JdbcCatalog catalog;
    WorkspaceProjectService projects;
    DuckDbEngine engine;
    ProfilerRegistry registry;
    RunEngine runs;
    ProfileRunType profiles;
    String projectId;
    Path workspace;

    @BeforeEach
    void setUp() throws IOException {
        Path data = dir.resolve("data");
        catalog = new JdbcCatalog(JdbcCatalog.sqliteUrl(data), "", "");
        projects = new WorkspaceProjectService(catalog, data);
        engine = new DuckDbEngine("512MiB", 2, dir.resolve("engine-tmp"), "2GB");
        registry = new ProfilerRegistry();
        start(Settings.DEFAULT);
        projectId = projects.create("sales", "profile tests").id();
        workspace = projects.workspace(projectId).toRealPath();
    }

    void start(Settings settings) {
        if (runs != null) runs.close();
        profiles = new ProfileRunType(catalog, engine, registry, settings);
        runs = new RunEngine(catalog, projects, 2);
        runs.addRunType(ProfileService.RUN_TYPE, profiles);
    }

    @AfterEach
    void tearDown() {
        if (runs != null) runs.close();
        engine.close();
        catalog.close();
    }

    // --- helpers ---

    /** A dataset whose version 1 is the Parquet file DuckDB writes from {@code select}. */
    DatasetVersion stage(String name, String select) throws IOException {
        Dataset dataset = new Dataset(Ids.next('d'), projectId, name, Instant.now());
        catalog.insertDataset(dataset);
        return addVersion(dataset.id(), 1, select);
    }

    DatasetVersion addVersion(String datasetId, int number, String select) throws IOException {
        return addVersion(datasetId, number, select, null);
    }

    DatasetVersion addVersion(String datasetId, int number, String select, org.dataanalyst.api.SchemaDrift drift)
            throws IOException {
        Path file = workspace.resolve("staging").resolve(datasetId).resolve("v" + number + ".parquet");
        Files.createDirectories(file.getParent());
        List<Column> columns = new ArrayList<>();
        long rows;
        try (EngineSession s = engine.open(workspace)) {
            String literal = Profilers.literal(file.toString());
            s.execute("COPY (" + select + ") TO " + literal + " (FORMAT parquet)");
            for (List<Object> row : s.query("DESCRIBE SELECT * FROM read_parquet(" + literal + ")").rows()) {
                columns.add(new Column((String) row.get(0), (String) row.get(1), "YES".equals(row.get(2))));
            }
            rows = ((Number) s.query("SELECT count(*) FROM read_parquet(" + literal + ")").single()).longValue();
        }
        DatasetVersion version = new DatasetVersion(Ids.next('v'), datasetId, number, rows, Files.size(file),
                new Schema(columns), Map.of("kind", "test"), null, Instant.now(), drift);
        catalog.insertVersion(version);
        return version;
    }

    static final String ORDERS = "SELECT range AS id, (range % 10) * 1.5 AS price, 'c' || (range % 7) AS customer, "
            + "CASE WHEN range % 4 = 0 THEN NULL ELSE range % 3 END AS qty FROM range(1000)";

    void add(Profiler profiler) {
        registry.add(profiler, BUNDLE, "1.0.0");
    }

    Run profile(DatasetVersion version, Map<String, Object> params) {
        Run queued = runs.submit(projectId, new RunRequest(ProfileService.RUN_TYPE, version.datasetId(), null, params, false)).run();
        return await(queued);
    }

    Run await(Run run) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Run current = runs.get(projectId, run.id());
            if (current.status().isTerminal()) return current;
            if (System.nanoTime() - deadline > 0) fail("run " + run.id() + " did not end: " + current);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    Run succeeded(Run run) {
        assertEquals(RunStatus.SUCCEEDED, run.status(), () -> "run failed: " + run.reason() + "\n" + log(run));
        return run;
    }

    String log(Run run) {
        return runs.log(projectId, run.id(), 0, 1 << 20).text();
    }

    Artifact artifact(Run run, String type) {
        return runs.artifacts(projectId, run.id()).stream().filter(a -> a.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " artifact; log:\n" + log(run)));
    }

    byte[] content(Artifact artifact) throws IOException {
        try (InputStream in = runs.openArtifact(projectId, artifact.id())) {
            return in.readAllBytes();
        }
    }

    JsonNode profileJson(Run run) throws IOException {
        return JSON.readTree(content(artifact(run, ProfileService.JSON_ARTIFACT_TYPE)));
    }

    static Set<String> names(JsonNode array, String field) {
        Set<String> names = new java.util.TreeSet<>();
        array.forEach(n -> names.add(n.get(field).asText()));
        return names;
    }

    static JsonNode failure(JsonNode profile, String profiler) {
        for (JsonNode f : profile.get("failures")) {
            if (f.get("profiler").asText().equals(profiler)) return f;
        }
        throw new AssertionError("no failure of " + profiler + " in " + profile.get("failures"));
    }

    static List<String> schemaProblems(JsonNode profile) throws IOException {
        Path schemaFile = Path.of("").toAbsolutePath().resolve("../../docs/profile.schema.json").normalize();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchema schema = factory.getSchema(JSON.readTree(schemaFile.toFile()), config);
        Set<ValidationMessage> problems = schema.validate(profile);
        return problems.stream().map(ValidationMessage::toString).sorted().collect(Collectors.toList());
    }
}

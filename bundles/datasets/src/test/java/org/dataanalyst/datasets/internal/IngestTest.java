package org.dataanalyst.datasets.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.Column;
import org.dataanalyst.api.ContentTooLargeException;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.SchemaDrift;
import org.dataanalyst.api.SchemaDrift.Kind;
import org.dataanalyst.api.dataset.ConnectorInfo;
import org.dataanalyst.api.dataset.DatasetDetails;
import org.dataanalyst.api.dataset.DatasetSummary;
import org.dataanalyst.api.dataset.IngestRequest;
import org.dataanalyst.api.dataset.Ingestion;
import org.dataanalyst.api.dataset.Upload;
import org.dataanalyst.api.engine.Engine.SessionOptions;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.catalog.internal.JdbcCatalog;
import org.dataanalyst.connector.files.internal.CsvConnector;
import org.dataanalyst.connector.files.internal.ParquetConnector;
import org.dataanalyst.engine.duckdb.internal.DuckDbEngine;
import org.dataanalyst.runs.internal.RunEngine;
import org.dataanalyst.spi.connector.IngestTarget.OnError;
import org.dataanalyst.spi.connector.SourceSpec;
import org.dataanalyst.spi.connector.SourceTable;
import org.dataanalyst.workspace.internal.VaultSecretService;
import org.dataanalyst.workspace.internal.WorkspaceProjectService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingestion end to end with real parts: the DuckDB engine, the SQLite catalog, project workspaces, the
 * secret vault, the run engine, and the real CSV and Parquet connectors. {@link SequenceConnector} is a
 * test plugin standing for a database connector.
 */
class IngestTest {

    private static final String FILES_BUNDLE = "org.dataanalyst.connector.files";

    @TempDir
    Path dir;

    private Path data;
    private Path imports;
    private JdbcCatalog catalog;
    private WorkspaceProjectService projects;
    private VaultSecretService vault;
    private DuckDbEngine engine;
    private ConnectorRegistry connectors;
    private SequenceConnector sequence;
    private RunEngine runs;
    private DatasetManager service;
    private String projectId;
    private Path workspace;

    @BeforeEach
    void setUp() throws IOException {
        data = dir.resolve("data");
        imports = dir.resolve("imports");
        catalog = new JdbcCatalog(JdbcCatalog.sqliteUrl(data), "", "");
        projects = new WorkspaceProjectService(catalog, data);
        vault = new VaultSecretService(projects, data, "", Map.of());
        engine = new DuckDbEngine("512MiB", 2, dir.resolve("engine-tmp"), "2GB");
        connectors = new ConnectorRegistry();
        connectors.add(new CsvConnector(), List.of("csv", "tsv"), FILES_BUNDLE, "0.1.0");
        connectors.add(new ParquetConnector(), List.of("parquet"), FILES_BUNDLE, "0.1.0");
        sequence = new SequenceConnector();
        connectors.add(sequence, List.of("sequence"), "test.sequence", "1.2.3");
        start(1L << 20);
        projectId = projects.create("sales", "ingest tests").id();
        workspace = projects.workspace(projectId).toRealPath();
    }

    private void start(long maxUploadBytes) {
        Settings settings = new Settings(Settings.realRoots(List.of(imports)), maxUploadBytes, 1000);
        IngestRunType ingest = new IngestRunType(catalog, projects, engine, vault, connectors, data, settings);
        if (runs != null) runs.close();
        runs = new RunEngine(catalog, projects, 2);
        runs.addRunType(IngestRunType.TYPE, ingest);
        service = new DatasetManager(catalog, projects, runs, engine, vault, connectors, data, settings);
    }

    @AfterEach
    void tearDown() {
        if (runs != null) runs.close();
        engine.close();
        catalog.close();
    }

    // --- helpers ---

    private Upload upload(String name, String content) throws IOException {
        return service.receive(projectId, name, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }

    private Path importFile(String name, String content) throws IOException {
        Path file = imports.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private Ingestion ingest(String name, String kind, String location, Map<String, Object> options, OnError onError,
                             boolean force) {
        return service.ingest(projectId, new IngestRequest(name, new SourceSpec(kind, location, options), onError, force));
    }

    private Ingestion ingest(String name, String kind, String location) {
        return ingest(name, kind, location, Map.of(), null, false);
    }

    private Run await(Run run) {
        return Await.until(() -> runs.get(projectId, run.id()), r -> r.status().isTerminal(), "run " + run.id() + " to end");
    }

    private Run succeeded(Ingestion ingestion) {
        Run run = await(ingestion.run());
        assertEquals(RunStatus.SUCCEEDED, run.status(), () -> "run failed: " + run.reason() + "\n" + log(run));
        return run;
    }

    private String log(Run run) {
        return runs.log(projectId, run.id(), 0, 1 << 20).text();
    }

    private Page<DatasetVersion> versions(String datasetId) {
        return service.get(projectId, datasetId, 0, 100).versions();
    }

    private Path stagingDir(String datasetId) {
        return workspace.resolve("staging").resolve(datasetId);
    }

    private List<String> temporaryFiles(String datasetId) throws IOException {
        Path staging = stagingDir(datasetId);
        if (!Files.isDirectory(staging)) return List.of();
        try (Stream<Path> files = Files.list(staging)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Map<?, ?> map(Object value) {
        return (Map<?, ?>) value;
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static final String ORDERS = "id,name,amount\n1,Ann,9.5\n2,Bob,\n3,Cy,12.25\n";

    // --- first ingest ---

    @Test
    void theFirstIngestOfAnUploadMakesVersionOneWithSchemaRowsAndSource() throws Exception {
        Upload upload = upload("orders.csv", ORDERS);
        Ingestion ingestion = ingest("orders", "csv", upload.location());

        assertTrue(ingestion.datasetCreated());
        assertEquals("orders", ingestion.dataset().name());
        Run queued = ingestion.run();
        assertEquals(IngestRunType.TYPE, queued.type());
        assertEquals(ingestion.dataset().id(), queued.datasetId());
        assertEquals("orders", queued.params().get("name"));
        assertEquals(Map.of("kind", "csv", "location", upload.location(), "options", Map.of()), queued.params().get("source"));
        assertEquals("fail", queued.params().get("on_error"));
        assertEquals(false, queued.params().get("force"));

        Run run = succeeded(ingestion);
        String datasetId = ingestion.dataset().id();
        DatasetDetails details = service.get(projectId, datasetId, 0, 10);
        DatasetVersion v1 = details.latest();
        assertNotNull(v1);
        assertEquals(1, v1.number());
        assertEquals(3, v1.rowCount());
        assertEquals(List.of(new Column("id", "BIGINT", true), new Column("name", "VARCHAR", true),
                new Column("amount", "DOUBLE", true)), v1.schema().columns());
        assertNull(v1.drift());
        assertEquals(run.id(), v1.runId());
        assertEquals(v1.id(), run.datasetVersionId(), "the run records the version it made");
        assertEquals(run.id(), details.latestRun().id());
        assertEquals(List.of(), details.warnings());

        Map<String, Object> source = v1.source();
        assertEquals("csv", source.get("kind"));
        assertEquals(upload.location(), source.get("location"));
        assertEquals(Map.of(), source.get("options"));
        assertEquals(FILES_BUNDLE + "/0.1.0", source.get("connector"));
        Map<?, ?> fingerprint = map(source.get("fingerprint"));
        assertEquals(upload.sha256(), fingerprint.get("sha256"));
        assertEquals(upload.sizeBytes(), number(fingerprint.get("size")));
        assertEquals(3, number(fingerprint.get("rows")));
        assertEquals(Map.of("sha256", upload.sha256(), "size", upload.sizeBytes(), "rows", 3L),
                Map.of("sha256", fingerprint.get("sha256"), "size", number(fingerprint.get("size")),
                        "rows", number(fingerprint.get("rows"))));
        assertFalse(fingerprint.containsKey("content_hash"), "the file hash identifies a file's content: " + fingerprint);
        assertNotNull(source.get("dialect"), "what the connector recorded is kept");

        Path staged = stagingDir(datasetId).resolve("v1.parquet");
        assertTrue(Files.isRegularFile(staged));
        assertEquals(Files.size(staged), v1.sizeBytes());
        assertEquals(List.of(), temporaryFiles(datasetId));
        assertTrue(log(run).contains("recorded at upload"), log(run));

        QueryResult preview = service.preview(projectId, datasetId, null, 10);
        assertEquals(List.of("id", "name", "amount"), preview.columns().stream().map(Column::name).toList());
        assertEquals(List.of(List.of(1L, "Ann", 9.5), java.util.Arrays.asList(2L, "Bob", null), List.of(3L, "Cy", 12.25)),
                preview.rows());
        assertEquals(2, service.preview(projectId, datasetId, 1, 2).rows().size());

        DatasetSummary summary = service.list(projectId, 0, 10).items().get(0);
        assertEquals(new DatasetSummary(datasetId, projectId, "orders", ingestion.dataset().createdAt(), 1, 1, 3L, 3,
                v1.sizeBytes(), run.id(), RunStatus.SUCCEEDED, false, v1.createdAt(), null), summary);
        assertEquals(v1, service.version(projectId, datasetId, 1));
    }

    @Test
    void aParquetFileKeepsItsRowOrder() throws Exception {
        Files.createDirectories(imports);
        try (EngineSession session = engine.open(imports.toRealPath())) {
            session.execute("COPY (SELECT range AS id, 'n' || range AS label FROM range(5000) ORDER BY range DESC) TO "
                    + Sql.literal(imports.toRealPath().resolve("numbers.parquet").toString()) + " (FORMAT parquet)");
        }
        Ingestion ingestion = ingest("numbers", "parquet", imports.resolve("numbers.parquet").toString());
        succeeded(ingestion);
        DatasetVersion v1 = service.get(projectId, ingestion.dataset().id(), 0, 1).latest();
        assertEquals(5000, v1.rowCount());
        QueryResult preview = service.preview(projectId, ingestion.dataset().id(), null, 3);
        assertEquals(List.of(4999L, 4998L, 4997L), preview.rows().stream().map(r -> r.get(0)).toList());
    }

    // --- idempotency ---

    @Test
    void theSameFileAgainMakesNoNewVersionAndIsNotEvenRead() throws Exception {
        Path file = importFile("shop.csv", ORDERS);
        Ingestion first = ingest("shop", "csv", file.toString());
        succeeded(first);

        Ingestion second = ingest("shop", "csv", file.toString());
        assertFalse(second.datasetCreated());
        assertEquals(first.dataset(), second.dataset());
        assertTrue(!second.run().id().equals(first.run().id()), "every ingest request is a new run");
        Run run = succeeded(second);
        assertTrue(log(run).contains("not read; no new version (force to ingest anyway)"), log(run));
        assertNull(run.datasetVersionId());

        Files.writeString(file, ORDERS, StandardCharsets.UTF_8); // rewritten, same bytes
        succeeded(ingest("shop", "csv", file.toString()));
        assertEquals(1, versions(first.dataset().id()).total());
        assertEquals(List.of(), temporaryFiles(first.dataset().id()));
    }

    @Test
    void aFileIsHashedWhileItIsReadUnlessItsSizeSaysItMayBeUnchanged() throws Exception {
        Path file = importFile("shop.csv", ORDERS);
        Ingestion first = ingest("shop", "csv", file.toString());
        Run run = succeeded(first);
        assertTrue(log(run).contains("while the connector read it"), log(run));
        assertTrue(log(run).contains("timings: engine session opened in"), log(run));
        DatasetVersion v1 = service.get(projectId, first.dataset().id(), 0, 1).latest();
        assertEquals(sha256(ORDERS.getBytes(StandardCharsets.UTF_8)), map(v1.source().get("fingerprint")).get("sha256"));

        // same size, other content: hashed first (it might have been unchanged), then read
        String sameSize = ORDERS.replace("Ann", "Amy");
        importFile("shop.csv", sameSize);
        run = succeeded(ingest("shop", "csv", file.toString()));
        assertTrue(log(run).contains("hashed before reading"), log(run));
        DatasetVersion v2 = service.get(projectId, first.dataset().id(), 0, 1).latest();
        assertEquals(2, v2.number());
        assertEquals(sha256(sameSize.getBytes(StandardCharsets.UTF_8)), map(v2.source().get("fingerprint")).get("sha256"));

        // another size: changed for sure, hashed while read
        String longer = sameSize + "4,Di,1.5\n";
        importFile("shop.csv", longer);
        run = succeeded(ingest("shop", "csv", file.toString()));
        assertTrue(log(run).contains("while the connector read it"), log(run));
        DatasetVersion v3 = service.get(projectId, first.dataset().id(), 0, 1).latest();
        assertEquals(4, v3.rowCount());
        Map<?, ?> fingerprint = map(v3.source().get("fingerprint"));
        assertEquals(sha256(longer.getBytes(StandardCharsets.UTF_8)), fingerprint.get("sha256"));
        assertEquals(longer.length(), number(fingerprint.get("size")));

        // and the hash taken while reading makes the next ingest of the same bytes a no-op
        run = succeeded(ingest("shop", "csv", file.toString()));
        assertTrue(log(run).contains("not read; no new version"), log(run));
        assertEquals(3, versions(first.dataset().id()).total());
        assertEquals(List.of(), temporaryFiles(first.dataset().id()));
    }

    @Test
    void otherOptionsOfTheSameFileMakeANewVersion() throws Exception {
        Path file = importFile("shop.csv", ORDERS);
        succeeded(ingest("shop", "csv", file.toString()));
        Ingestion other = ingest("shop", "csv", file.toString(), Map.of("header", true), null, false);
        succeeded(other);
        assertEquals(2, versions(other.dataset().id()).total());
    }

    @Test
    void anUnchangedDatabaseSourceIsRecognisedByItsContent() throws Exception {
        Ingestion first = ingest("numbers", "sequence", "sequence://seq.example/db", Map.of("rows", 50), null, false);
        succeeded(first);
        DatasetVersion v1 = service.get(projectId, first.dataset().id(), 0, 1).latest();
        assertEquals(50, v1.rowCount());
        assertEquals(List.of(new Column("id", "BIGINT", false), new Column("label", "VARCHAR", true)), v1.schema().columns(),
                "appender columns carry their nullability");
        assertEquals("sequence", v1.source().get("kind"), "a connector cannot override what the platform records");
        assertEquals("seq.example", v1.source().get("server"));
        assertEquals("test.sequence/1.2.3", v1.source().get("connector"));
        Map<?, ?> fingerprint = map(v1.source().get("fingerprint"));
        assertNull(fingerprint.get("sha256"), "no file, no file hash");
        assertEquals(50, number(fingerprint.get("rows")));
        assertTrue(String.valueOf(fingerprint.get("content_hash")).matches("[0-9a-f]{64}"), fingerprint.toString());

        Run again = succeeded(ingest("numbers", "sequence", "sequence://seq.example/db", Map.of("rows", 50), null, false));
        assertTrue(log(again).contains("unchanged since version 1; no new version (force to ingest anyway)"), log(again));
        assertEquals(1, versions(first.dataset().id()).total());

        // a temporary file left by a crashed run (no such run is running) is tidied by the next ingest
        Path leftover = stagingDir(first.dataset().id()).resolve(".tmp-rcrashedrun123.parquet");
        Files.writeString(leftover, "half a file");
        succeeded(ingest("numbers", "sequence", "sequence://seq.example/db", Map.of("rows", 50, "offset", 2), null, false));
        assertEquals(2, versions(first.dataset().id()).total(), "same count, other content");
        assertEquals(List.of(), temporaryFiles(first.dataset().id()));
    }

    @Test
    void forceMakesANewVersionOfAnUnchangedSource() {
        succeeded(ingest("numbers", "sequence", "sequence://seq.example/db", Map.of("rows", 10), null, false));
        Ingestion forced = ingest("numbers", "sequence", "sequence://seq.example/db", Map.of("rows", 10), null, true);
        assertEquals(true, forced.run().params().get("force"));
        Run run = succeeded(forced);
        Page<DatasetVersion> versions = versions(forced.dataset().id());
        assertEquals(2, versions.total());
        DatasetVersion v2 = versions.items().get(0);
        assertEquals(2, v2.number());
        assertEquals(v2.id(), run.datasetVersionId());
        assertTrue(v2.drift().isEmpty());
        assertFalse(v2.drift().breaking());
        assertEquals(versions.items().get(1).source().get("fingerprint"), v2.source().get("fingerprint"));
    }

    // --- drift ---

    @Test
    void aChangedFileMakesVersionTwoWithItsDrift() throws Exception {
        Path file = importFile("shop.csv", ORDERS);
        Ingestion first = ingest("shop", "csv", file.toString());
        succeeded(first);
        String datasetId = first.dataset().id();

        importFile("shop.csv", "id,customer,amount\n1,Ann,9.5\n2,Bob,\n3,Cy,12.25\n4,Di,1.5\n");
        succeeded(ingest("shop", "csv", file.toString()));
        DatasetDetails details = service.get(projectId, datasetId, 0, 10);
        DatasetVersion v2 = details.latest();
        assertEquals(2, v2.number());
        assertEquals(4, v2.rowCount());
        SchemaDrift drift = v2.drift();
        assertEquals(1, drift.fromVersion());
        assertEquals(2, drift.toVersion());
        assertEquals(List.of(Kind.RENAMED), drift.changes().stream().map(SchemaDrift.Change::kind).toList());
        assertEquals("customer", drift.changes().get(0).newName());
        assertTrue(drift.breaking());
        assertEquals(1, details.warnings().size());
        assertTrue(details.warnings().get(0).startsWith("Version 2 has breaking schema changes since version 1"),
                details.warnings().get(0));
        assertTrue(service.list(projectId, 0, 10).items().get(0).driftWarning());

        assertEquals(drift, service.drift(projectId, datasetId, 1, 2));
        SchemaDrift back = service.drift(projectId, datasetId, 2, 1);
        assertEquals(List.of(Kind.RENAMED), back.changes().stream().map(SchemaDrift.Change::kind).toList());
        assertEquals("name", back.changes().get(0).newName());
        assertTrue(service.drift(projectId, datasetId, 2, 2).isEmpty());
        assertThrows(NotFoundException.class, () -> service.drift(projectId, datasetId, 1, 7));

        importFile("shop.csv", "id,customer,amount,note\n1,Ann,9.5,x\n");
        succeeded(ingest("shop", "csv", file.toString()));
        details = service.get(projectId, datasetId, 0, 2);
        assertEquals(3, details.latest().number());
        assertEquals(List.of(Kind.ADDED), details.latest().drift().changes().stream().map(SchemaDrift.Change::kind).toList());
        assertFalse(details.latest().drift().breaking());
        assertEquals(List.of(), details.warnings(), "the warning is about the latest version only");
        assertFalse(service.list(projectId, 0, 10).items().get(0).driftWarning());
        assertEquals(3, service.drift(projectId, datasetId, 1, 3).changes().size(), "any two versions: name removed, customer and note added");
        assertEquals(3, details.versions().total());
        assertEquals(List.of(3, 2), details.versions().items().stream().map(DatasetVersion::number).toList());
    }

    // --- failures ---

    @Test
    void aBrokenFileFailsTheRunAndLeavesVersionOneAndNoTemporaryFiles() throws Exception {
        StringBuilder good = new StringBuilder("id,name\n");
        for (int i = 1; i <= 20; i++) good.append(i).append(",n").append(i).append('\n');
        Path file = importFile("shop.csv", good.toString());
        Ingestion first = ingest("shop", "csv", file.toString());
        succeeded(first);
        String datasetId = first.dataset().id();
        byte[] v1Bytes = Files.readAllBytes(stagingDir(datasetId).resolve("v1.parquet"));

        importFile("shop.csv", good + "21,n21,unexpected,extra\n22,n22\n");
        Run failed = await(ingest("shop", "csv", file.toString()).run());
        assertEquals(RunStatus.FAILED, failed.status(), () -> log(failed));
        assertTrue(failed.reason().contains("shop.csv"), failed.reason());
        assertTrue(failed.reason().contains("line 22"), failed.reason());

        assertEquals(1, versions(datasetId).total());
        assertArrayEquals(v1Bytes, Files.readAllBytes(stagingDir(datasetId).resolve("v1.parquet")));
        assertEquals(List.of(), temporaryFiles(datasetId));
        try (Stream<Path> files = Files.list(stagingDir(datasetId))) {
            assertEquals(List.of("v1.parquet"), files.map(p -> p.getFileName().toString()).toList());
        }
        DatasetDetails details = service.get(projectId, datasetId, 0, 10);
        assertEquals(1, details.latest().number());
        assertEquals(failed.id(), details.latestRun().id());
        assertTrue(details.warnings().get(0).contains("failed"), details.warnings().toString());
        assertEquals(RunStatus.FAILED, service.list(projectId, 0, 1).items().get(0).lastIngestStatus());
    }

    @Test
    void aTabSeparatedFileWithQuotesAsOrdinaryCharactersIsReadWithoutQuoting() throws Exception {
        // as in real package lists: a free-text column where " is just a character, first seen after the sniff sample
        StringBuilder content = new StringBuilder("name\tversion\tsummary\n");
        for (int i = 0; i < 30_000; i++) content.append("pkg").append(i).append("\t1.0.").append(i % 7).append("\tplain text\n");
        content.append("agentk\t0.3.2\t\"AGENT\" K is a \"doner\"-like tool\n");
        content.append("last\t2.0\tends \"here\n");
        Path file = importFile("packages.tsv", content.toString());

        Run run = succeeded(ingest("packages", "tsv", file.toString()));

        DatasetVersion v1 = versions(run.datasetId()).items().get(0);
        assertEquals(30_002, v1.rowCount());
        assertEquals("", map(v1.source().get("dialect")).get("quote"), () -> v1.source().toString());
        assertTrue(log(run).contains("reading packages.tsv again without quoting"), () -> log(run));
        try (EngineSession s = engine.open(workspace)) {
            QueryResult tail = s.query("SELECT summary FROM read_parquet('" + stagingDir(run.datasetId()).resolve("v1.parquet")
                    + "') WHERE name IN ('agentk', 'last') ORDER BY name");
            assertEquals(List.of(List.of("\"AGENT\" K is a \"doner\"-like tool"), List.of("ends \"here")), tail.rows());
        }

        // a CSV keeps RFC 4180 quoting: the same unclosed quote fails, and the reason says what to set
        Path csv = importFile("packages.csv", content.toString().replace('\t', ','));
        Run failed = await(ingest("packages_csv", "csv", csv.toString()).run());
        assertEquals(RunStatus.FAILED, failed.status(), () -> log(failed));
        assertTrue(failed.reason().contains("set the option quote to \"\""), failed.reason());
        // and a quote the user set is kept, so the TSV fails instead
        Run pinned = await(ingest("packages_pinned", "tsv", file.toString(), Map.of("quote", "\""), OnError.FAIL, false).run());
        assertEquals(RunStatus.FAILED, pinned.status(), () -> log(pinned));
    }

    @Test
    void theSkipPolicyListsRejectedRowsAsAnArtifact() throws Exception {
        StringBuilder content = new StringBuilder("id,name\n");
        for (int i = 1; i <= 20; i++) content.append(i).append(",n").append(i).append('\n');
        content.append("21,n21,unexpected,extra\n22,n22\n");
        Path file = importFile("shop.csv", content.toString());

        Ingestion ingestion = ingest("shop", "csv", file.toString(), Map.of(), OnError.SKIP, false);
        assertEquals("skip", ingestion.run().params().get("on_error"));
        Run run = succeeded(ingestion);
        DatasetVersion v1 = service.get(projectId, ingestion.dataset().id(), 0, 1).latest();
        assertEquals(21, v1.rowCount());
        assertEquals(1, number(v1.source().get("rejected_rows")));

        List<Artifact> rejects = runs.artifacts(projectId, run.id()).stream()
                .filter(a -> a.type().equals(StagingTarget.REJECTS_TYPE)).toList();
        assertEquals(1, rejects.size());
        assertEquals("rejects.csv", rejects.get(0).name());
        assertEquals("text/csv", rejects.get(0).mediaType());
        String csv;
        try (InputStream in = runs.openArtifact(projectId, rejects.get(0).id())) {
            csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(csv.startsWith("line,error,content"), csv);
        assertTrue(csv.contains("22"), csv);
        assertTrue(csv.contains("unexpected"), csv);
        assertTrue(log(run).contains("1 row(s) could not be read and were skipped"), log(run));
    }

    @Test
    void aConnectorFailureFailsTheRunWithTheConnectorsMessageWithoutTheSecret() throws Exception {
        vault.put(projectId, "db", "hunter22");
        Ingestion ingestion = ingest("numbers", "sequence", "sequence://ann:${secret:db}@seq.example/db",
                Map.of("fail", "relation numbers does not exist"), null, false);
        Run failed = await(ingestion.run());
        assertEquals(RunStatus.FAILED, failed.status());
        assertEquals("server seq.example refused the query: relation numbers does not exist "
                + "(url sequence://ann:***@seq.example/db)", failed.reason());
        String log = log(failed);
        assertFalse(log.contains("hunter22"), log);
        assertTrue(log.contains("connecting to sequence://ann:***@seq.example/db"), log);
        assertEquals(0, versions(ingestion.dataset().id()).total());
        assertEquals(List.of(), temporaryFiles(ingestion.dataset().id()));
    }

    @Test
    void aSecretDeletedBeforeTheRunStartsFailsTheRunClearly() throws Exception {
        // both workers busy with blocking ingests, so the next run stays queued
        Ingestion blocker = ingest("blocker", "sequence", "sequence://seq.example/db", Map.of("block", true), null, false);
        Await.latch(sequence.blocking, "the first blocking read");
        Ingestion blocker2 = ingest("blocker2", "sequence", "sequence://seq.example/db", Map.of("block", true), null, false);
        Await.until(() -> runs.get(projectId, blocker2.run().id()).status(), s -> s == RunStatus.RUNNING, "the second blocker");
        vault.put(projectId, "db", "hunter22");
        Ingestion ingestion = ingest("numbers", "sequence", "sequence://ann:${secret:db}@seq.example/db", Map.of(), null, false);
        vault.delete(projectId, "db");
        runs.cancel(projectId, blocker.run().id());
        runs.cancel(projectId, blocker2.run().id());

        Run run = await(ingestion.run());
        assertEquals(RunStatus.FAILED, run.status());
        assertTrue(run.reason().startsWith("the secret 'db' does not exist in project " + projectId), run.reason());
        assertEquals(0, versions(ingestion.dataset().id()).total());
    }

    @Test
    void aCancelledIngestMakesNoVersionAndLeavesNoTemporaryFile() throws Exception {
        Ingestion ingestion = ingest("numbers", "sequence", "sequence://seq.example/db", Map.of("block", true), null, false);
        Await.latch(sequence.blocking, "the connector to start reading");
        runs.cancel(projectId, ingestion.run().id());
        Run run = await(ingestion.run());
        assertEquals(RunStatus.CANCELLED, run.status(), () -> log(run));
        assertEquals(0, versions(ingestion.dataset().id()).total());
        assertEquals(List.of(), temporaryFiles(ingestion.dataset().id()));

        // the dataset's lock was released: the next ingest runs
        succeeded(ingest("numbers", "sequence", "sequence://seq.example/db", Map.of("rows", 3), null, false));
        assertEquals(1, versions(ingestion.dataset().id()).total());
    }

    @Test
    void ingestsOfOneDatasetRunOneAfterTheOther() {
        succeeded(ingest("numbers", "sequence", "sequence://seq.example/db", Map.of("rows", 2000), null, false));
        List<Ingestion> parallel = List.of(
                ingest("numbers", "sequence", "sequence://seq.example/db", Map.of("rows", 2000), null, true),
                ingest("numbers", "sequence", "sequence://seq.example/db", Map.of("rows", 2000), null, true),
                ingest("numbers", "sequence", "sequence://seq.example/db", Map.of("rows", 2000), null, true));
        parallel.forEach(this::succeeded);
        assertEquals(List.of(4, 3, 2, 1), versions(parallel.get(0).dataset().id()).items().stream()
                .map(DatasetVersion::number).toList());
    }

    // --- secrets ---

    @Test
    void inlinePasswordsAreMovedIntoASecretBeforeAnythingIsStored() throws Exception {
        String location = "sequence://ann:s3cr3t-Pw1@seq.example/db?sslmode=require&password=0th3r-Pw2";
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("password", "0pt-Pw3");
        options.put("rows", 5);
        Ingestion ingestion = ingest("orders", "sequence", location, options, null, false);

        Map<?, ?> source = map(ingestion.run().params().get("source"));
        assertEquals("sequence://ann:${secret:orders-password}@seq.example/db?sslmode=require&password=${secret:orders-password-2}",
                source.get("location"));
        assertEquals("${secret:orders-password-3}", map(source.get("options")).get("password"));
        assertEquals("s3cr3t-Pw1", vault.value(projectId, "orders-password"));
        assertEquals("0th3r-Pw2", vault.value(projectId, "orders-password-2"));
        assertEquals("0pt-Pw3", vault.value(projectId, "orders-password-3"));

        Run run = succeeded(ingestion);
        String log = log(run);
        assertTrue(log.contains("connecting to sequence://ann:***@seq.example/db?sslmode=require&password=*** with password ***"), log);
        DatasetVersion v1 = service.get(projectId, ingestion.dataset().id(), 0, 1).latest();
        assertEquals(source.get("location"), v1.source().get("location"), "references are kept, values never");

        List<String> passwords = List.of("s3cr3t-Pw1", "0th3r-Pw2", "0pt-Pw3");
        for (String password : passwords) {
            assertFalse(runs.get(projectId, run.id()).params().toString().contains(password));
            assertFalse(v1.source().toString().contains(password));
            assertFalse(log.contains(password), log);
        }
        // nothing under the data folder holds them in plain text: catalog (with its WAL), run folders, staging
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String password : passwords) {
                    assertFalse(text.contains(password), f + " holds " + password);
                }
            }
        }
    }

    @Test
    void anIngestRunSubmittedDirectlyMayNotHoldAnInlinePassword() {
        Ingestion ingestion = ingest("numbers", "sequence", "sequence://seq.example/db", Map.of("rows", 1), null, false);
        succeeded(ingestion);
        Map<String, Object> params = new LinkedHashMap<>(new IngestParams("numbers",
                new SourceSpec("sequence", "sequence://ann:pw@seq.example/db", Map.of()), OnError.FAIL, false).toMap());
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> runs.submit(projectId,
                new RunRequest(IngestRunType.TYPE, ingestion.dataset().id(), null, params, true)));
        assertTrue(e.getMessage().contains("inline password"), e.getMessage());

        Map<String, Object> fine = new IngestParams("numbers", new SourceSpec("sequence", "sequence://seq.example/db",
                Map.of("rows", 2)), OnError.FAIL, false).toMap();
        Run direct = runs.submit(projectId, new RunRequest(IngestRunType.TYPE, ingestion.dataset().id(), null, fine, false)).run();
        assertEquals(RunStatus.SUCCEEDED, await(direct).status());
        assertEquals(2, versions(ingestion.dataset().id()).total());
    }

    // --- validation ---

    @Test
    void requestsAreCheckedBeforeAnythingIsStored() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.csv"), ORDERS);
        importFile("shop.csv", ORDERS);
        Files.createSymbolicLink(imports.resolve("link.csv"), outside.resolve("secret.csv"));

        InvalidRequestException unknown = assertThrows(InvalidRequestException.class, () -> ingest("shop", "xls", "raw/x.xls"));
        assertEquals("unknown source kind 'xls'; known kinds: csv, parquet, sequence, tsv", unknown.getMessage());
        assertThrows(InvalidRequestException.class, () -> ingest("my orders", "csv", imports.resolve("shop.csv").toString()));
        assertThrows(InvalidRequestException.class, () -> ingest(".hidden", "csv", imports.resolve("shop.csv").toString()));
        InvalidRequestException out = assertThrows(InvalidRequestException.class,
                () -> ingest("shop", "csv", outside.resolve("secret.csv").toString()));
        assertTrue(out.getMessage().contains("outside the allowed import folders"), out.getMessage());
        assertThrows(InvalidRequestException.class, () -> ingest("shop", "csv", imports.resolve("link.csv").toString()));
        assertThrows(InvalidRequestException.class, () -> ingest("shop", "csv", "../../../outside/secret.csv"));
        InvalidRequestException missing = assertThrows(InvalidRequestException.class, () -> ingest("shop", "csv", "raw/nope.csv"));
        assertTrue(missing.getMessage().startsWith("no such file: raw/nope.csv"), missing.getMessage());
        InvalidRequestException secret = assertThrows(InvalidRequestException.class, () -> ingest("shop", "sequence",
                "sequence://ann:s3cr3t@seq.example/db", Map.of("user", "${secret:nope}"), null, false));
        assertTrue(secret.getMessage().contains("nope"), secret.getMessage());
        InvalidRequestException options = assertThrows(InvalidRequestException.class, () -> ingest("shop", "sequence",
                "sequence://seq.example/db", Map.of("rows", "many"), null, false));
        assertEquals("option rows must be a number, was 'many'", options.getMessage());
        assertThrows(InvalidRequestException.class, () -> ingest("shop", "csv", null));
        assertThrows(NotFoundException.class, () -> service.ingest("no-such-project",
                new IngestRequest("shop", new SourceSpec("csv", "raw/x.csv", Map.of()), null, false)));

        assertEquals(0, service.list(projectId, 0, 10).total(), "no dataset was created");
        assertEquals(0, runs.list(projectId, 0, 10).total(), "no run was queued");
        assertEquals(List.of(), vault.list(projectId), "no secret was stored for a refused request");
    }

    // --- uploads ---

    @Test
    void uploadsAreStreamedIntoRawWithTheirHash() throws Exception {
        byte[] content = "id\n1\n2\n".getBytes(StandardCharsets.UTF_8);
        Upload upload = service.receive(projectId, "C:\\exports\\Umsätze 2024.csv", new ByteArrayInputStream(content));
        assertTrue(upload.location().matches("raw/u[a-z2-7]{12}/Umsätze 2024\\.csv"), upload.location());
        assertEquals("Umsätze 2024.csv", upload.fileName());
        assertEquals(content.length, upload.sizeBytes());
        assertEquals(sha256(content), upload.sha256());
        Path file = workspace.resolve(upload.location());
        assertArrayEquals(content, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(".sha256", "Umsätze 2024.csv"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertThrows(InvalidRequestException.class, () -> service.receive(projectId, "..", new ByteArrayInputStream(content)));
        assertThrows(NotFoundException.class, () -> service.receive("no-such-project", "x.csv", new ByteArrayInputStream(content)));
    }

    @Test
    void anUploadOverTheLimitStopsReadingAndLeavesNothing() throws Exception {
        start(64 * 1024);
        long[] read = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read[0]++;
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                read[0] += len;
                return len;
            }
        };
        ContentTooLargeException e = assertThrows(ContentTooLargeException.class, () -> service.receive(projectId, "big.csv", endless));
        assertTrue(e.getMessage().startsWith("upload too large"), e.getMessage());
        assertTrue(e.getMessage().contains("65536 bytes"), e.getMessage());
        assertTrue(read[0] <= 2 * 64 * 1024, "stopped reading soon after the limit: " + read[0]);
        try (Stream<Path> files = Files.list(workspace.resolve("raw"))) {
            assertEquals(List.of(), files.toList(), "nothing is left in raw/");
        }
    }

    // --- reading ---

    @Test
    void previewsAndVersionsAnswerClearly() throws Exception {
        Ingestion failing = ingest("numbers", "sequence", "sequence://seq.example/db", Map.of("fail", "no"), null, false);
        String datasetId = failing.dataset().id();
        await(failing.run());
        NotFoundException none = assertThrows(NotFoundException.class, () -> service.preview(projectId, datasetId, null, 5));
        assertEquals("dataset 'numbers' has no version yet", none.getMessage());
        DatasetDetails empty = service.get(projectId, datasetId, 0, 10);
        assertNull(empty.latest());
        assertEquals(0, empty.versions().total());
        assertEquals(RunStatus.FAILED, empty.latestRun().status());

        succeeded(ingest("numbers", "sequence", "sequence://seq.example/db", Map.of("rows", 3), null, false));
        assertEquals(3, service.preview(projectId, datasetId, null, 5).rows().size());
        assertThrows(InvalidRequestException.class, () -> service.preview(projectId, datasetId, null, 0));
        assertThrows(InvalidRequestException.class, () -> service.preview(projectId, datasetId, null, 1001));
        assertThrows(NotFoundException.class, () -> service.preview(projectId, datasetId, 9, 5));
        NotFoundException v2 = assertThrows(NotFoundException.class, () -> service.version(projectId, datasetId, 2));
        assertEquals("dataset 'numbers' has no version 2", v2.getMessage());
        assertThrows(NotFoundException.class, () -> service.get(projectId, "d-nope", 0, 10));
        assertThrows(NotFoundException.class, () -> service.list("no-such-project", 0, 10));
    }

    // --- connectors and tables ---

    @Test
    void connectorsAreListedWithTheirBundles() {
        List<ConnectorInfo> infos = service.connectors();
        assertEquals(List.of("csv", "parquet", "sequence"), infos.stream().map(i -> i.descriptor().name()).toList());
        ConnectorInfo csv = infos.get(0);
        assertEquals(List.of("csv", "tsv"), csv.kinds());
        assertEquals(FILES_BUNDLE, csv.bundle());
        assertEquals("0.1.0", csv.bundleVersion());

        connectors.remove(sequence);
        assertEquals(2, service.connectors().size());
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> ingest("numbers", "sequence", "sequence://seq.example/db"));
        assertTrue(e.getMessage().contains("known kinds: csv, parquet, tsv"), e.getMessage());
    }

    @Test
    void tablesComeFromTheConnectorAndFailuresAreRequestErrors() {
        List<SourceTable> tables = service.tables(projectId, new SourceSpec("sequence", "sequence://seq.example/db", Map.of()));
        assertEquals(List.of("numbers"), tables.stream().map(SourceTable::name).toList());

        InvalidRequestException files = assertThrows(InvalidRequestException.class,
                () -> service.tables(projectId, new SourceSpec("csv", "raw/x.csv", Map.of())));
        assertEquals("kind csv has no tables", files.getMessage());
        InvalidRequestException down = assertThrows(InvalidRequestException.class, () -> service.tables(projectId,
                new SourceSpec("sequence", "sequence://ann:t0pSecret@seq.example/db", Map.of("unreachable", true))));
        assertEquals("seq.example:5432 refused the connection (sequence://ann:***@seq.example/db)", down.getMessage());
        assertThrows(InvalidRequestException.class, () -> service.tables(projectId, new SourceSpec("xls", null, Map.of())));
        assertEquals(List.of(), vault.list(projectId), "listing tables stores no secret");
    }
}

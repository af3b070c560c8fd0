package org.dataanalyst.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.ContentTooLargeException;
import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.SchemaDrift;
import org.dataanalyst.api.dataset.ConnectorInfo;
import org.dataanalyst.api.dataset.DatasetSummary;
import org.dataanalyst.api.profile.ProfileSummary;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.api.secret.SecretInfo;
import org.dataanalyst.spi.connector.SourceTable;
import org.junit.jupiter.api.Test;

/** The JSON the ingestion endpoints write and read, through the API's one mapper; limits and errors. */
class IngestionApiShapesTest {

    static final ObjectMapper JSON = Json.mapper();

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void driftIsSnakeCaseWithLowerCaseKindsAndNothingElse() {
        SchemaDrift drift = new SchemaDrift(1, 2, List.of(
                new SchemaDrift.Change(SchemaDrift.Kind.TYPE_CHANGED, "amount", null, "DOUBLE", "BIGINT", 1, 1, true, true,
                        true, "type DOUBLE → BIGINT (narrowing)"),
                new SchemaDrift.Change(SchemaDrift.Kind.RENAMED, "cust", "customer", "VARCHAR", "VARCHAR", 2, 2, true, true,
                        true, "renamed")), true);
        JsonNode node = json(drift);
        assertEquals(List.of("from_version", "to_version", "changes", "breaking"), fields(node));
        assertEquals(List.of("kind", "column", "new_name", "from_type", "to_type", "from_position", "to_position",
                "from_nullable", "to_nullable", "breaking", "detail"), fields(node.get("changes").get(0)));
        assertEquals("type_changed", node.at("/changes/0/kind").asText());
        assertEquals("customer", node.at("/changes/1/new_name").asText());
    }

    @Test
    void summariesCarryLowerCaseStatus() {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        JsonNode node = json(new DatasetSummary("dabc", "pabc", "orders", now, 2, 2, 10L, 3, 1234L, "rabc",
                RunStatus.SUCCEEDED, false, now, new ProfileSummary("dabc", "rdef", RunStatus.FAILED, 2, Map.of(), Map.of(), 0,
                now, "the engine ran out of disk")));
        assertEquals(List.of("id", "project_id", "name", "created_at", "version_count", "latest_version", "row_count",
                "column_count", "size_bytes", "last_ingest_run_id", "last_ingest_status", "drift_warning", "updated_at",
                "profile"), fields(node));
        assertEquals(List.of("dataset_id", "run_id", "status", "version", "alerts", "checks", "failures", "finished_at",
                "reason"), fields(node.get("profile")));
        assertEquals("failed", node.at("/profile/status").asText());
        assertEquals("succeeded", node.get("last_ingest_status").asText());
        assertEquals("2026-01-02T03:04:05Z", node.get("created_at").asText());
    }

    @Test
    void previewsAreColumnsAndRows() throws Exception {
        QueryResult result = new QueryResult(List.of(new Column("id", "BIGINT", false), new Column("day", "DATE", true),
                new Column("x", "DOUBLE", true)),
                List.of(Arrays.asList(1L, LocalDate.of(2026, 3, 1), Double.NaN), Arrays.asList(2L, null, 1.5)));
        JsonNode node = json(result);
        assertEquals(List.of("columns", "rows"), fields(node));
        assertEquals("{\"name\":\"id\",\"type\":\"BIGINT\",\"nullable\":false}", node.at("/columns/0").toString());
        assertEquals("2026-03-01", node.at("/rows/0/1").asText());
        assertTrue(node.at("/rows/1/1").isNull());
        assertEquals(new BigDecimal("1.5"), node.at("/rows/1/2").decimalValue());
        assertTrue(JSON.writeValueAsString(result).contains("[1,\"2026-03-01\",\"NaN\"]"), JSON.writeValueAsString(result));
    }

    @Test
    void connectorsTablesAndSecretsHaveTheirShapes() throws Exception {
        JsonNode connector = json(new ConnectorInfo(new Descriptor("csv", "CSV", "Comma-separated", Map.of("type", "object")),
                List.of("csv", "tsv"), "org.dataanalyst.connector.files", "0.1.0"));
        assertEquals(List.of("descriptor", "kinds", "bundle", "bundle_version"), fields(connector));
        assertEquals("object", connector.at("/descriptor/options_schema/type").asText());

        JsonNode table = json(new SourceTable("public", "orders", "table", List.of(new Column("id", "integer", false))));
        assertEquals(List.of("schema", "name", "kind", "columns"), fields(table));

        SecretInfo secret = new SecretInfo("pg", Instant.EPOCH, Instant.EPOCH);
        assertEquals(List.of("name", "created_at", "updated_at"), fields(json(secret)));

        Page<SecretInfo> page = new Paging(1, 1).slice(List.of(secret, new SecretInfo("pg2", Instant.EPOCH, Instant.EPOCH)));
        assertEquals(List.of("pg2"), page.items().stream().map(SecretInfo::name).toList());
        assertEquals(2, page.total());
        assertEquals(List.of(), new Paging(5, 10).slice(List.of(secret)).items());
    }

    @Test
    void theJsonRequestIsStrict() throws Exception {
        DatasetsResource.NewDataset body = JSON.readValue("""
                {"name": "orders", "source": {"kind": "postgres", "location": "postgresql://db/sales",
                 "options": {"table": "public.orders"}}, "on_error": "skip", "force": true}""", DatasetsResource.NewDataset.class);
        assertEquals("postgres", body.source().kind());
        assertEquals(Map.of("table", "public.orders"), body.source().options());
        assertEquals("skip", body.onError());
        UnrecognizedPropertyException unknown = assertThrows(UnrecognizedPropertyException.class,
                () -> JSON.readValue("{\"name\": \"x\", \"sourc\": {}}", DatasetsResource.NewDataset.class));
        assertEquals("sourc", unknown.getPropertyName());
        assertThrows(UnrecognizedPropertyException.class,
                () -> JSON.readValue("{\"name\": \"x\", \"source\": {\"kind\": \"csv\", \"file\": \"a\"}}", DatasetsResource.NewDataset.class));
        assertEquals("postgres", JSON.readValue("{\"location\": \"postgresql://h/d\", \"options\": {}}",
                ProjectConnectorsResource.TablesRequest.class).location().substring(0, 8));
    }

    @Test
    void onlyMultipartDatasetUploadsBypassTheRestBodyLimit() {
        assertTrue(BodyLimitFilter.isDatasetUpload("POST", "projects/p1/datasets", "multipart", "form-data"));
        assertTrue(BodyLimitFilter.isDatasetUpload("POST", "/projects/p1/datasets/", "Multipart", "Form-Data"));
        assertFalse(BodyLimitFilter.isDatasetUpload("POST", "projects/p1/datasets", "application", "json"));
        assertFalse(BodyLimitFilter.isDatasetUpload("PUT", "projects/p1/datasets", "multipart", "form-data"));
        assertFalse(BodyLimitFilter.isDatasetUpload("POST", "plugins", "multipart", "form-data"));
        assertFalse(BodyLimitFilter.isDatasetUpload("POST", "projects/p1/runs", "multipart", "form-data"));
        assertFalse(BodyLimitFilter.isDatasetUpload("POST", "projects/p1/datasets/d1", "multipart", "form-data"));
    }

    @Test
    void uploadErrorsMapToTheirStatus() {
        ProblemMapper mapper = new ProblemMapper();
        assertEquals(413, mapper.problemFor(new ContentTooLargeException("upload larger than 10 bytes"), "/api/x").status());
        assertEquals(400, mapper.problemFor(new InvalidRequestException("bad"), "/api/x").status());
        Problem broken = mapper.problemFor(new RuntimeException(new MultipartException("the upload is incomplete")), "/api/x");
        assertEquals(400, broken.status());
        assertEquals("malformed multipart/form-data body: the upload is incomplete", broken.detail());
        Problem text = mapper.problemFor(new PayloadTooLargeException("form field 'name' is larger than 65536 bytes"), "/api/x");
        assertEquals(413, text.status());
    }

    @Test
    void secretBodiesAreReadWithoutEverQuotingThem() {
        assertEquals("pa\"ss", SecretsResource.valueOf(body("{\"value\": \"pa\\\"ss\"}")));
        for (String bad : new String[] {"{\"value\": hunter2}", "{\"value\": \"hunter2\"", "hunter2",
                "{\"value\": \"hunter2\", \"note\": \"hunter2\"}", "{\"value\": 12345}", "[\"hunter2\"]", ""}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> SecretsResource.valueOf(body(bad)), bad);
            assertFalse(e.getMessage().contains("hunter2") || e.getMessage().contains("12345"), e.getMessage());
            assertTrue(e.getMessage().contains("{\"value\": \"…\"}"), e.getMessage());
        }
    }

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}

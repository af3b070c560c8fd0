package org.dataanalyst.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.dataanalyst.tests.support.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Databases as sources, through the running server: a real PostgreSQL (from {@link PostgresFixture}) whose
 * password is a project secret, its tables listed, a table and a read-only query ingested with their types and
 * values; wrong passwords and unreachable servers failing clearly; a real SQLite file likewise. The last test
 * searches every file of the data folder, the server's output and every API answer this class received for the
 * passwords: they must be nowhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseIngestTest {

    static final String RO_ROLE = "analyst_ro";
    static final String INLINE_ROLE = "analyst_inline";

    @TempDir
    static Path temp;

    static ServerProcess server;
    static Api api;
    static Ingest ingest;
    static PostgresFixture.TestDatabase database;
    static String jdbcUrl;
    static String hostAndPort;
    static final String PASSWORD = Databases.secretValue("Pw");
    static final String WRONG_PASSWORD = Databases.secretValue("Wrong");
    static final String INLINE_PASSWORD = Databases.secretValue("Inline");
    static final List<Api.Response> RESPONSES = Collections.synchronizedList(new ArrayList<>());
    static Path sqliteFile;

    @BeforeAll
    static void start() throws Exception {
        database = PostgresFixture.createDatabase();
        jdbcUrl = database.url();
        hostAndPort = PostgresFixture.server().hostAndPort();
        Databases.execute(database,
                """
                CREATE TABLE t (
                  id integer PRIMARY KEY,
                  big bigint,
                  amount numeric(12,2),
                  label text,
                  flag boolean,
                  day date,
                  at timestamp,
                  atz timestamptz,
                  doc json,
                  nums int[],
                  raw bytea,
                  note varchar(20) NOT NULL
                )""",
                """
                INSERT INTO t VALUES
                  (1, 9007199254740993, 1234.50, 'héllo, "world"', true, '2024-01-02', '2024-01-02 10:11:12.345',
                   '2024-01-02 10:11:12+00', '{"a": [1, 2]}', '{1,2,3}', '\\xdeadbeef', 'first'),
                  (2, -5, -0.01, '', false, '1999-12-31', '1999-12-31 23:59:59', '1999-12-31 23:59:59+02', '[]',
                   '{}', '\\x', 'second'),
                  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'third')""",
                "CREATE VIEW flagged AS SELECT id, label FROM t WHERE flag",
                "CREATE ROLE " + RO_ROLE + " LOGIN PASSWORD '" + PASSWORD + "'",
                "CREATE ROLE " + INLINE_ROLE + " LOGIN PASSWORD '" + INLINE_PASSWORD + "'",
                "GRANT SELECT ON t, flagged TO " + RO_ROLE + ", " + INLINE_ROLE);
        Databases.requirePasswords(database, List.of(RO_ROLE, INLINE_ROLE));

        Path data = temp.resolve("data");
        sqliteFile = Files.createDirectories(data.resolve("imports")).resolve("shop.sqlite");
        createSqlite(sqliteFile);

        server = ServerProcess.start(data);
        api = server.api().recording(RESPONSES::add);
        ingest = Ingest.newProject(api, "databases");
        Api.Response stored = api.putJson("/api/projects/" + ingest.project() + "/secrets/pgpw",
                Ingest.json(Map.of("value", PASSWORD)));
        assertEquals(201, stored.status(), stored::toString);
        assertEquals("pgpw", stored.json().get("name").asText(), stored::toString);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (database != null) {
            PostgresFixture.dropDatabase(database);
        }
    }

    static Map<String, Object> pgOptions(String... more) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("user", RO_ROLE);
        options.put("password", "${secret:pgpw}");
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        return options;
    }

    // ------------------------------------------------------------------------------------------ secrets

    @Test
    @Order(1)
    void secretsAreListedByNameAndNeverShown() {
        String path = "/api/projects/" + ingest.project() + "/secrets";
        Api.Response replaced = api.putJson(path + "/pgpw", Ingest.json(Map.of("value", PASSWORD)));
        assertEquals(200, replaced.status(), replaced::toString);
        JsonNode one = api.get(path + "/pgpw").json();
        assertEquals("pgpw", one.get("name").asText(), one::toString);
        assertNotNull(one.get("created_at"), one::toString);
        assertNotNull(one.get("updated_at"), one::toString);
        assertTrue(Ingest.names(Ingest.items(api.get(path).json())).contains("pgpw"));

        Api.Response temporary = api.putJson(path + "/gone", Ingest.json(Map.of("value", "x")));
        assertEquals(201, temporary.status(), temporary::toString);
        assertEquals(204, api.delete(path + "/gone").status());
        ApiTest.assertProblem(api.get(path + "/gone"), 404, "gone");
        ApiTest.assertProblem(api.putJson(path + "/bad%20name", Ingest.json(Map.of("value", "x"))), 400, "");
    }

    // ------------------------------------------------------------------------------------------ PostgreSQL

    @Test
    @Order(2)
    void postgresTablesAreListedWithTheirColumns() {
        Api.Response r = api.postJson("/api/projects/" + ingest.project() + "/connectors/postgres/tables",
                Ingest.json(Map.of("location", jdbcUrl, "options", pgOptions())));
        assertEquals(200, r.status(), r::toString);
        JsonNode table = find(Ingest.items(r.json()), "t");
        assertEquals("public", table.get("schema").asText(), table::toString);
        assertEquals("table", table.get("kind").asText(), table::toString);
        assertEquals(List.of("id", "big", "amount", "label", "flag", "day", "at", "atz", "doc", "nums", "raw", "note"),
                Ingest.names(table.get("columns")), table::toString);
        JsonNode amount = table.get("columns").get(2);
        assertTrue(amount.get("type").asText().replace(" ", "").toLowerCase(Locale.ROOT).contains("numeric(12,2)"),
                amount::toString);
        assertFalse(table.get("columns").get(0).get("nullable").asBoolean(), table::toString);
        assertEquals("view", find(Ingest.items(r.json()), "flagged").get("kind").asText(), r::toString);
    }

    @Test
    @Order(3)
    void aPostgresTableIsIngestedWithItsTypesAndValues() {
        Api.Response accepted = ingest.ingest("pg_table", "postgres", jdbcUrl, pgOptions("table", "public.t"), null, false);
        JsonNode run = ingest.succeeded(accepted);
        assertEquals("${secret:pgpw}", run.get("params").get("source").get("options").get("password").asText(), run::toString);

        JsonNode latest = ingest.dataset(Ingest.datasetId(accepted)).get("latest");
        assertEquals(3, latest.get("row_count").asLong(), latest::toString);
        JsonNode columns = latest.get("schema").get("columns");
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Boolean> nullable = new HashMap<>();
        columns.forEach(c -> {
            types.put(c.get("name").asText(), c.get("type").asText());
            nullable.put(c.get("name").asText(), c.get("nullable").asBoolean());
        });
        assertEquals(List.of("id", "big", "amount", "label", "flag", "day", "at", "atz", "doc", "nums", "raw", "note"),
                new ArrayList<>(types.keySet()));
        assertEquals("INTEGER", types.get("id"));
        assertEquals("BIGINT", types.get("big"));
        assertEquals("DECIMAL(12,2)", types.get("amount"));
        assertEquals("VARCHAR", types.get("label"));
        assertEquals("BOOLEAN", types.get("flag"));
        assertEquals("DATE", types.get("day"));
        assertEquals("TIMESTAMP", types.get("at"));
        assertEquals("TIMESTAMP WITH TIME ZONE", types.get("atz"));
        assertTrue(List.of("JSON", "VARCHAR").contains(types.get("doc")), types::toString);
        assertEquals("INTEGER[]", types.get("nums"));
        assertEquals("BLOB", types.get("raw"));
        assertEquals("VARCHAR", types.get("note"));
        assertFalse(nullable.get("id"), "NOT NULL from the database: " + columns);
        assertFalse(nullable.get("note"), "NOT NULL from the database: " + columns);
        assertTrue(nullable.get("label"), columns::toString);

        JsonNode source = latest.get("source");
        assertEquals("postgres", source.get("kind").asText(), source::toString);
        assertTrue(source.toString().contains("public.t") || source.toString().contains("\"t\""), source::toString);

        JsonNode preview = ingest.preview(Ingest.datasetId(accepted), null, 10);
        List<String> names = Ingest.names(preview.get("columns"));
        Map<Integer, JsonNode> rows = new HashMap<>();
        preview.get("rows").forEach(row -> rows.put(row.get(0).asInt(), row));
        assertEquals(3, rows.size(), preview::toString);

        JsonNode first = rows.get(1);
        assertEquals(9007199254740993L, value(first, names, "big").asLong(), "a bigint beyond 2^53 stays exact");
        assertEquals("9007199254740993", value(first, names, "big").asText());
        assertEquals(0, new BigDecimal(value(first, names, "amount").asText()).compareTo(new BigDecimal("1234.50")), first::toString);
        assertEquals("héllo, \"world\"", value(first, names, "label").asText());
        assertTrue(value(first, names, "flag").asBoolean());
        assertTrue(value(first, names, "day").asText().startsWith("2024-01-02"), first::toString);
        assertTrue(value(first, names, "at").asText().matches("2024-01-02[T ]10:11:12\\.345.*"), first::toString);
        assertTrue(value(first, names, "atz").asText().startsWith("2024-01-02"), first::toString);
        assertEquals("{\"a\":[1,2]}", compact(value(first, names, "doc")), first::toString);
        assertEquals("[1,2,3]", compact(value(first, names, "nums")), first::toString);
        assertFalse(value(first, names, "raw").isNull(), first::toString);
        assertEquals("first", value(first, names, "note").asText());

        JsonNode second = rows.get(2);
        assertEquals("", value(second, names, "label").asText(), "an empty string is not NULL: " + second);
        assertFalse(value(second, names, "label").isNull(), "an empty string is not NULL: " + second);
        assertEquals(0, new BigDecimal(value(second, names, "amount").asText()).compareTo(new BigDecimal("-0.01")), second::toString);
        assertEquals("[]", compact(value(second, names, "nums")), second::toString);

        JsonNode third = rows.get(3);
        for (String column : List.of("big", "amount", "label", "flag", "day", "at", "atz", "doc", "nums", "raw")) {
            assertTrue(value(third, names, column).isNull(), () -> column + " is NULL: " + third);
        }
    }

    @Test
    @Order(4)
    void aReadOnlyQueryIsIngestedInItsOrder() {
        Api.Response accepted = ingest.ingest("pg_query", "postgres", jdbcUrl,
                pgOptions("query", "SELECT id, label, amount * 2 AS doubled FROM t WHERE id < 3 ORDER BY id DESC"), null, false);
        ingest.succeeded(accepted);
        JsonNode latest = ingest.dataset(Ingest.datasetId(accepted)).get("latest");
        assertEquals(List.of("id", "label", "doubled"), Ingest.names(latest.get("schema").get("columns")));
        assertTrue(latest.get("source").toString().contains("ORDER BY id DESC"), () -> "the query is recorded: " + latest);
        JsonNode preview = ingest.preview(Ingest.datasetId(accepted), null, 10);
        assertEquals(2, preview.get("rows").get(0).get(0).asInt(), preview::toString);
        assertEquals(1, preview.get("rows").get(1).get(0).asInt(), preview::toString);
        assertEquals(0, new BigDecimal(preview.get("rows").get(1).get(2).asText()).compareTo(new BigDecimal("2469.00")),
                preview::toString);
    }

    @Test
    @Order(5)
    void aQueryThatWritesIsRefusedAndChangesNothing() {
        // as the server's superuser, who may write: only the connector's read-only transaction stops it
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("user", database.user());
        if (database.password() != null) {
            options.put("password", database.password());
        }
        options.put("query", "DELETE FROM t WHERE id = 3 RETURNING id");
        Api.Response r = ingest.ingest("pg_write", "postgres", jdbcUrl, options, null, false);
        if (r.status() == 202) {
            ingest.failed(r); // refused by the server's read-only transaction
        } else {
            ApiTest.assertProblem(r, 400, "query"); // or already by the connector's check
        }
        assertEquals(3, Databases.count(database, "SELECT count(*) FROM t"), "the table is unchanged");
    }

    @Test
    @Order(6)
    void aWrongPasswordFailsTheRunClearlyWithoutShowingIt() {
        String path = "/api/projects/" + ingest.project() + "/secrets/pgbad";
        assertEquals(201, api.putJson(path, Ingest.json(Map.of("value", WRONG_PASSWORD))).status());
        Map<String, Object> options = pgOptions("table", "public.t");
        options.put("password", "${secret:pgbad}");
        JsonNode run = ingest.failed(ingest.ingest("pg_wrong", "postgres", jdbcUrl, options, null, false));
        String reason = run.get("reason").asText();
        assertTrue(Pattern.compile("(?i)password|authentication").matcher(reason).find(), reason);
        assertTrue(reason.contains(RO_ROLE), () -> "names the user: " + reason);
        assertTrue(reason.contains(port()), () -> "names the server: " + reason);
        assertFalse(reason.contains(WRONG_PASSWORD) || reason.contains(PASSWORD), reason);

        // a secret that does not exist is refused before anything runs
        options.put("password", "${secret:nosuchsecret}");
        ApiTest.assertProblem(ingest.ingest("pg_missing", "postgres", jdbcUrl, options, null, false), 400, "nosuchsecret");
    }

    @Test
    @Order(7)
    void anUnreachableServerFailsTheRunClearly() throws IOException {
        String closed = Integer.toString(freePort());
        String url = jdbcUrl.replace(":" + port() + "/", ":" + closed + "/");
        assertTrue(url.contains(":" + closed + "/"), url);
        JsonNode run = ingest.failed(ingest.ingest("pg_down", "postgres", url, pgOptions("table", "public.t"), null, false));
        String reason = run.get("reason").asText();
        assertTrue(reason.contains(closed), () -> "names the server: " + reason);
        assertTrue(Pattern.compile("(?i)refused|connect|reach").matcher(reason).find(), reason);
        assertFalse(reason.contains(PASSWORD), reason);
    }

    @Test
    @Order(8)
    void anInlinePasswordBecomesAProjectSecret() {
        String host = hostAndPort.substring(0, hostAndPort.lastIndexOf(':'));
        String location = "postgresql://" + INLINE_ROLE + ":" + INLINE_PASSWORD + "@" + host + ":" + port() + "/"
                + database.name();
        Api.Response accepted = ingest.ingest("pg_inline", "postgres", location, Map.of("table", "public.t"), null, false);
        assertEquals(202, accepted.status(), accepted::toString);
        assertFalse(accepted.body().contains(INLINE_PASSWORD), accepted::toString);
        String given = accepted.json().get("run").get("params").get("source").get("location").asText();
        assertTrue(given.contains("${secret:"), () -> "the run keeps a secret reference: " + given);
        assertTrue(given.contains(INLINE_ROLE + ":") && given.contains("@" + host), given);

        JsonNode run = ingest.succeeded(accepted);
        JsonNode latest = ingest.dataset(Ingest.datasetId(accepted)).get("latest");
        assertEquals(3, latest.get("row_count").asLong(), latest::toString);
        String recorded = latest.get("source").get("location").asText();
        assertTrue(recorded.contains("${secret:"), () -> "the version keeps a secret reference: " + latest);
        assertEquals(given, run.get("params").get("source").get("location").asText());

        String secretName = given.substring(given.indexOf("${secret:") + 9, given.indexOf('}', given.indexOf("${secret:")));
        JsonNode secrets = api.get("/api/projects/" + ingest.project() + "/secrets").json();
        assertTrue(Ingest.names(Ingest.items(secrets)).contains(secretName), () -> secretName + " in " + secrets);
    }

    // ------------------------------------------------------------------------------------------ SQLite

    @Test
    @Order(10)
    void sqliteTablesAreListedAndATableAndAQueryAreIngested() {
        Api.Response tables = api.postJson("/api/projects/" + ingest.project() + "/connectors/sqlite/tables",
                Ingest.json(Map.of("location", sqliteFile.toString())));
        assertEquals(200, tables.status(), tables::toString);
        JsonNode items = find(Ingest.items(tables.json()), "items");
        assertEquals("table", items.get("kind").asText(), items::toString);
        assertEquals(List.of("id", "name", "price", "qty", "added", "data"), Ingest.names(items.get("columns")));
        assertEquals("view", find(Ingest.items(tables.json()), "cheap").get("kind").asText(), tables::toString);

        Api.Response accepted = ingest.ingest("sqlite_items", "sqlite", sqliteFile.toString(), Map.of("table", "items"),
                null, false);
        ingest.succeeded(accepted);
        JsonNode latest = ingest.dataset(Ingest.datasetId(accepted)).get("latest");
        assertEquals(3, latest.get("row_count").asLong(), latest::toString);
        JsonNode columns = latest.get("schema").get("columns");
        assertEquals(List.of("id", "name", "price", "qty", "added", "data"), Ingest.names(columns));
        assertEquals(List.of("BIGINT", "VARCHAR", "DOUBLE", "BIGINT", "VARCHAR", "BLOB"), Ingest.types(columns));
        assertFalse(columns.get(1).get("nullable").asBoolean(), () -> "name is NOT NULL: " + columns);
        assertTrue(latest.get("source").get("fingerprint").toString().length() > 2, latest::toString);

        JsonNode preview = ingest.preview(Ingest.datasetId(accepted), null, 10);
        JsonNode rows = preview.get("rows");
        assertEquals("Widget, large", rows.get(0).get(1).asText(), preview::toString);
        assertEquals(9.99, rows.get(0).get(2).asDouble(), preview::toString);
        assertEquals("Gadget \"pro\"", rows.get(1).get(1).asText(), preview::toString);
        assertTrue(rows.get(1).get(3).isNull(), preview::toString);
        assertEquals("", rows.get(2).get(1).asText(), preview::toString);
        assertFalse(rows.get(2).get(1).isNull(), "an empty string is not NULL: " + preview);

        Api.Response query = ingest.ingest("sqlite_query", "sqlite", sqliteFile.toString(),
                Map.of("query", "SELECT id, upper(name) AS shout FROM items ORDER BY id DESC"), null, false);
        ingest.succeeded(query);
        JsonNode queried = ingest.preview(Ingest.datasetId(query), null, 10);
        assertEquals(List.of("id", "shout"), Ingest.names(queried.get("columns")));
        assertEquals(3, queried.get("rows").get(0).get(0).asInt(), queried::toString);
        assertEquals("WIDGET, LARGE", queried.get("rows").get(2).get(1).asText(), queried::toString);
    }

    @Test
    @Order(11)
    void aSqliteFileOutsideTheImportRootsOrMissingIsRefused() throws Exception {
        Path outside = temp.resolve("elsewhere/other.sqlite");
        Files.createDirectories(outside.getParent());
        createSqlite(outside);
        ApiTest.assertProblem(ingest.ingest("sqlite_outside", "sqlite", outside.toString(), Map.of("table", "items"),
                null, false), 400, "other.sqlite");
        Path missing = sqliteFile.resolveSibling("missing.sqlite");
        Api.Response r = ingest.ingest("sqlite_missing", "sqlite", missing.toString(), Map.of("table", "items"), null, false);
        if (r.status() == 202) {
            JsonNode run = ingest.failed(r);
            assertTrue(run.get("reason").asText().contains("missing.sqlite"), run::toString);
        } else {
            ApiTest.assertProblem(r, 400, "missing.sqlite");
        }
        assertFalse(Files.exists(missing), "reading a missing SQLite file must not create it");
        JsonNode run = ingest.failed(ingest.ingest("sqlite_notable", "sqlite", sqliteFile.toString(),
                Map.of("table", "nosuchtable"), null, false));
        assertTrue(run.get("reason").asText().contains("nosuchtable"), run::toString);
    }

    // ------------------------------------------------------------------------------------------ no secret anywhere

    @Test
    @Order(99)
    void thePasswordsAreNowhere() throws IOException {
        // read back everything the API shows about this project, through the recording client
        String project = "/api/projects/" + ingest.project();
        JsonNode runs = api.get(project + "/runs?limit=500").json();
        for (JsonNode run : Ingest.items(runs)) {
            api.get(project + "/runs/" + run.get("id").asText());
            api.get(project + "/runs/" + run.get("id").asText() + "/log");
            for (JsonNode artifact : ingest.artifacts(run.get("id").asText())) {
                ingest.artifactContent(artifact.get("id").asText());
            }
        }
        for (JsonNode dataset : Ingest.items(api.get(project + "/datasets?limit=500").json())) {
            ingest.dataset(dataset.get("id").asText());
        }
        api.get(project + "/secrets");
        api.get("/api/connectors");

        Map<String, String> passwords = Map.of("PASSWORD", PASSWORD, "WRONG_PASSWORD", WRONG_PASSWORD,
                "INLINE_PASSWORD", INLINE_PASSWORD);
        List<String> found = new ArrayList<>();
        synchronized (RESPONSES) {
            assertTrue(RESPONSES.size() > 20, "the class recorded its API answers: " + RESPONSES.size());
            for (Api.Response response : RESPONSES) {
                passwords.forEach((name, value) -> {
                    if (response.body().contains(value)) {
                        found.add(name + " in the answer to " + response.raw().request().method() + " "
                                + response.raw().uri() + ": " + response);
                    }
                });
            }
        }
        passwords.forEach((name, value) -> {
            if (server.output().contains(value)) {
                found.add(name + " in the server's output");
            }
        });
        List<Path> files;
        try (Stream<Path> walk = Files.walk(server.dataDir())) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().equals("run.log")), "run logs were searched");
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            passwords.forEach((name, value) -> {
                if (indexOf(content, value.getBytes(StandardCharsets.UTF_8)) >= 0) {
                    found.add(name + " in " + server.dataDir().relativize(file));
                }
            });
        }
        assertEquals(List.of(), found, "a password was found");
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static String port() {
        return hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1);
    }

    private static JsonNode find(JsonNode tables, String name) {
        for (JsonNode table : tables) {
            if (table.get("name").asText().equals(name)) {
                return table;
            }
        }
        throw new AssertionError("no table " + name + " in " + tables);
    }

    private static JsonNode value(JsonNode row, List<String> names, String column) {
        return row.get(names.indexOf(column));
    }

    /** JSON text or JSON value, without blanks: {@code {"a": [1, 2]}} and {@code "{\"a\":[1,2]}"} compare equal. */
    private static String compact(JsonNode value) {
        return (value.isTextual() ? value.asText() : value.toString()).replaceAll("\\s+", "");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void createSqlite(Path file) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, qty INTEGER, "
                    + "added TEXT, data BLOB)");
            statement.execute("INSERT INTO items VALUES (1, 'Widget, large', 9.99, 3, '2024-01-02', x'01ff'), "
                    + "(2, 'Gadget \"pro\"', 0.5, NULL, NULL, NULL), (3, '', NULL, 0, '2024-03-04', x'')");
            statement.execute("CREATE VIEW cheap AS SELECT id, name FROM items WHERE price < 1");
        }
    }
}

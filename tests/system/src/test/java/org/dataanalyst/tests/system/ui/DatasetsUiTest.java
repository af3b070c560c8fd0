package org.dataanalyst.tests.system.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;

import org.dataanalyst.tests.system.Api;
import org.dataanalyst.tests.support.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets in the browser against the real platform process: a CSV uploaded through the ingest form
 * becomes a dataset whose page shows the schema and row count the API reports; a second upload under
 * the same name without one column becomes version 2 with a visible breaking drift. Like {@link UiTest},
 * fails on any console error, page error or request outside the origin. Screenshots land in
 * {@code target/ui-screenshots/}.
 */
class DatasetsUiTest extends BrowserTest {

    /** Generous: the first ingest of a fresh server loads DuckDB (extracting its native library). */
    private static final LocatorAssertions.HasTextOptions RUN_TIMEOUT =
            new LocatorAssertions.HasTextOptions().setTimeout(90_000);

    @Test
    void anUploadedCsvBecomesADatasetAndARemovedColumnShowsAsBreakingDrift(@TempDir Path files) throws Exception {
        Path first = Files.createDirectories(files.resolve("first")).resolve("orders.csv");
        Files.writeString(first, """
                id,customer,amount,paid_on
                1,Ann,12.50,2024-01-02
                2,Bob,7.25,2024-01-03
                3,Cy,3.00,2024-01-04
                """, StandardCharsets.UTF_8);
        Path second = Files.createDirectories(files.resolve("second")).resolve("orders-march.csv");
        Files.writeString(second, """
                id,customer,paid_on
                1,Ann,2024-03-02
                2,Bob,2024-03-03
                3,Cy,2024-03-04
                4,Dee,2024-03-05
                """, StandardCharsets.UTF_8);

        // a project, created in the UI
        signIn();
        String projectName = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        page.getByTestId("project-name-input").fill(projectName);
        page.getByTestId("create-project-submit").click();
        page.getByTestId("create-project-success").getByRole(AriaRole.LINK).click();
        assertThat(page.getByTestId("project-title")).hasText(projectName);
        String projectId = lastSegment(page.url());
        assertThat(page.getByTestId("datasets-empty")).isVisible();

        // the first upload: name from the file, kind from the extension
        page.getByTestId("add-data").click();
        assertThat(page.getByTestId("ingest-title")).hasText("Add data");
        Locator upload = page.getByRole(AriaRole.TABPANEL);
        assertThat(upload).hasAttribute("id", "panel-upload");
        upload.getByLabel("File", new Locator.GetByLabelOptions().setExact(true)).setInputFiles(first);
        assertThat(upload.getByLabel("Dataset name")).hasAttribute("placeholder", "orders");
        assertThat(upload.getByLabel("Kind", new Locator.GetByLabelOptions().setExact(true)))
                .containsText("automatic: csv");
        session.screenshot("ingest-upload");
        upload.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Upload and ingest")).click();

        assertThat(page).hasURL(Pattern.compile("#/projects/" + literal(projectId) + "/datasets/[^/]+$"));
        String datasetId = lastSegment(page.url());
        assertThat(page.getByTestId("dataset-title")).hasText("orders");
        assertThat(page.getByTestId("dataset-run-status")).hasText("succeeded", RUN_TIMEOUT);

        // the schema and row count, as the API has them
        JsonNode details = api.get("/api/projects/" + projectId + "/datasets/" + datasetId).json();
        assertEquals(1, details.get("latest").get("number").asInt(), details::toString);
        assertEquals(List.of("id", "customer", "amount", "paid_on"),
                details.get("latest").get("schema").get("columns").findValuesAsText("name"));
        Locator schema = schemaTable();
        assertThat(schema.getByTestId("schema-name")).hasText(new String[] {"id", "customer", "amount", "paid_on"});
        assertThat(schema.getByTestId("schema-type")).hasText(new String[] {"BIGINT", "VARCHAR", "DOUBLE", "DATE"});
        assertThat(schema.getByTestId("schema-type")).hasText(
                details.get("latest").get("schema").get("columns").findValuesAsText("type").toArray(String[]::new));
        assertThat(page.getByTestId("dataset-row-count")).hasText("3");
        assertThat(page.getByTestId("dataset-latest-version")).hasText("1");
        assertThat(page.getByTestId("dataset-warnings")).hasCount(0);
        assertThat(versionRow(1).getByTestId("version-rows")).hasText("3");
        assertThat(page.getByTestId("preview-row")).hasCount(3);
        assertThat(page.getByTestId("preview-table")).containsText("Bob");
        assertThat(page.getByTestId("source-kind")).containsText("csv");
        session.screenshot("dataset-v1");

        // the same dataset again, without the "amount" column
        page.getByTestId("new-version").click();
        assertThat(page.getByTestId("ingest-title")).hasText("New version of orders");
        upload = page.getByRole(AriaRole.TABPANEL);
        assertThat(upload.getByLabel("Dataset name")).hasValue("orders");
        upload.getByLabel("File", new Locator.GetByLabelOptions().setExact(true)).setInputFiles(second);
        upload.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Upload and ingest")).click();

        assertThat(page).hasURL(Pattern.compile("/datasets/" + literal(datasetId) + "$"));
        assertThat(page.getByTestId("dataset-latest-version")).hasText("2", RUN_TIMEOUT);
        assertThat(page.getByTestId("dataset-run-status")).hasText("succeeded");
        assertThat(schemaTable().getByTestId("schema-name")).hasText(new String[] {"id", "customer", "paid_on"});
        assertThat(page.getByTestId("dataset-row-count")).hasText("4");

        Locator v2 = versionRow(2);
        assertThat(v2).isVisible();
        assertThat(v2.getByTestId("version-rows")).hasText("4");
        assertThat(v2.getByTestId("version-drift")).hasText("\u22121");
        assertThat(v2.getByTestId("version-breaking")).isVisible();
        assertThat(versionRow(1).getByTestId("version-breaking")).hasCount(0);

        // the warning is prominent and says what the API says
        details = api.get("/api/projects/" + projectId + "/datasets/" + datasetId).json();
        assertTrue(details.get("latest").get("drift").get("breaking").asBoolean(), details::toString);
        List<String> warnings = new ArrayList<>();
        for (JsonNode w : details.get("warnings")) {
            warnings.add(w.asText());
        }
        assertFalse(warnings.isEmpty(), "a breaking drift is a warning: " + details);
        Locator warningBox = page.getByRole(AriaRole.ALERT).filter(new Locator.FilterOptions()
                .setHas(page.getByTestId("dataset-warning")));
        assertThat(warningBox).isVisible();
        assertThat(warningBox.getByTestId("dataset-warning")).hasText(warnings.toArray(String[]::new));

        // compare: version 1 → 2 removed "amount", breaking
        Locator compare = page.getByTestId("compare-section");
        assertThat(compare.getByLabel("From version")).hasValue("1");
        assertThat(compare.getByLabel("To version")).hasValue("2");
        compare.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Compare")).click();
        Locator change = compare.getByTestId("drift-change").filter(new Locator.FilterOptions().setHasText("amount"));
        assertThat(change).hasAttribute("data-kind", "removed");
        assertThat(change.getByTestId("change-breaking")).isVisible();
        assertThat(compare.getByTestId("drift-breaking")).isVisible();
        session.screenshot("dataset-v2-breaking");

        // the project's catalog shows the dataset with two versions and the drift marker
        page.locator("nav[aria-label=breadcrumb] a").nth(1).click();
        Locator row = page.locator("[data-testid=dataset-row][data-dataset-id='" + datasetId + "']");
        assertThat(row.getByTestId("dataset-link")).hasText("orders");
        assertThat(row.getByTestId("dataset-versions")).containsText("2");
        assertThat(row.getByTestId("dataset-rows")).hasText("4");
        assertThat(row.getByTestId("dataset-columns")).hasText("3");
        assertThat(row.getByTestId("dataset-ingest-status")).hasText("succeeded");
        assertThat(row.getByTestId("dataset-drift-warning")).isVisible();
        session.screenshot("project-datasets");
    }

    @Test
    void whatTheServerRefusesIsExplainedNextToTheForm(@TempDir Path files) throws Exception {
        String projectId = createProject("ui-");
        Path sheet = files.resolve("budget.xlsx");
        Files.writeString(sheet, "not a spreadsheet", StandardCharsets.UTF_8);
        signIn();
        session.goTo("#/projects/" + projectId + "/ingest");
        session.expectFailedResource(400);

        // an upload whose kind the server cannot tell
        Locator upload = page.getByRole(AriaRole.TABPANEL);
        upload.getByLabel("File", new Locator.GetByLabelOptions().setExact(true)).setInputFiles(sheet);
        upload.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Upload and ingest")).click();
        Locator error = upload.getByRole(AriaRole.ALERT);
        assertThat(error).containsText("csv");
        assertThat(page).hasURL(Pattern.compile("/ingest$"));

        // a server path outside the import folders: the very detail the API gives
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Server path")).click();
        Locator path = page.getByRole(AriaRole.TABPANEL);
        assertThat(path).hasAttribute("id", "panel-path");
        path.getByLabel("Path on the server").fill("/etc/hostname");
        path.getByLabel("Kind", new Locator.GetByLabelOptions().setExact(true)).selectOption("csv");
        path.getByLabel("Dataset name").fill("hosts");
        path.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Ingest")).click();
        Api.Response refused = api.postJson("/api/projects/" + projectId + "/datasets",
                "{\"name\":\"hosts\",\"source\":{\"kind\":\"csv\",\"location\":\"/etc/hostname\",\"options\":{}},"
                        + "\"on_error\":\"fail\",\"force\":false}");
        assertEquals(400, refused.status(), refused::toString);
        assertThat(path.getByRole(AriaRole.ALERT)).hasText(refused.json().get("detail").asText());

        // bad options JSON never leaves the browser
        path.getByLabel("Options (JSON, optional)").fill("{delimiter: ;}");
        path.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Ingest")).click();
        assertThat(path.getByRole(AriaRole.ALERT)).containsText("not valid JSON");
        assertThat(path.getByLabel("Options (JSON, optional)")).isFocused();
        session.screenshot("ingest-error");
        assertEquals(0, api.get("/api/projects/" + projectId + "/datasets").json().get("total").asInt());
    }

    @Test
    void aPostgresTableIsPickedFromTheListAndReadWithThePasswordOfANewSecret() {
        PostgresFixture.TestDatabase database = PostgresFixture.createDatabase(); // skips without PostgreSQL
        try {
            execute(database,
                    "CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, since date)",
                    "INSERT INTO customers VALUES (1, 'Ann', '2020-01-01'), (2, 'Bob', NULL)",
                    "CREATE VIEW early AS SELECT id FROM customers WHERE since < '2021-01-01'");
            String projectId = createProject("ui-");
            signIn();
            session.goTo("#/projects/" + projectId + "/ingest");
            page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Database")).click();
            Locator panel = page.getByRole(AriaRole.TABPANEL);
            assertThat(panel).hasAttribute("id", "panel-database");
            panel.getByLabel("Database", new Locator.GetByLabelOptions().setExact(true)).selectOption("postgres");
            panel.getByLabel("Connection string").fill(database.url());
            panel.getByLabel("User").fill(database.user());

            // the password goes into a project secret made right here
            panel.getByLabel("Use a project secret").check();
            panel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("New secret…")).click();
            panel.getByLabel("Secret name").fill("warehouse");
            String password = database.password() != null ? database.password() : "not-checked-by-a-trusting-server";
            panel.getByLabel("Secret value").fill(password);
            panel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save secret")).click();
            assertThat(panel.getByLabel("Secret", new Locator.GetByLabelOptions().setExact(true))).hasValue("warehouse");
            Api.Response secrets = api.get("/api/projects/" + projectId + "/secrets");
            assertTrue(secrets.json().get("items").findValuesAsText("name").contains("warehouse"), secrets::toString);
            assertFalse(secrets.body().contains(password), "no secret value is ever answered");

            // the table picker lists tables and views with their columns
            panel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("List tables")).click();
            Locator customers = panel.locator("[data-testid=table-row][data-table='public.customers']");
            assertThat(customers).containsText("name");
            assertThat(panel.locator("[data-testid=table-row][data-table='public.early']")).containsText("view");
            panel.getByLabel("public.customers").check();
            assertThat(panel.getByLabel("Dataset name")).hasAttribute("placeholder", "customers");
            session.screenshot("ingest-database");
            panel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Ingest").setExact(true)).click();

            assertThat(page).hasURL(Pattern.compile("#/projects/" + literal(projectId) + "/datasets/[^/]+$"));
            String datasetId = lastSegment(page.url());
            assertThat(page.getByTestId("dataset-run-status")).hasText("succeeded", RUN_TIMEOUT);
            assertThat(page.getByTestId("dataset-title")).hasText("customers");
            Locator schema = schemaTable();
            assertThat(schema.getByTestId("schema-name")).hasText(new String[] {"id", "name", "since"});
            assertThat(schema.getByTestId("schema-nullable")).hasText(new String[] {"no", "no", "yes"});
            assertThat(page.getByTestId("dataset-row-count")).hasText("2");
            assertThat(page.getByTestId("source-kind")).containsText("postgres");

            JsonNode run = api.get("/api/projects/" + projectId + "/runs/"
                    + api.get("/api/projects/" + projectId + "/datasets/" + datasetId).json().get("latest_run")
                            .get("id").asText()).json();
            JsonNode options = run.get("params").get("source").get("options");
            assertEquals("${secret:warehouse}", options.get("password").asText(), run::toString);
            assertEquals("public.customers", options.get("table").asText(), run::toString);
        } finally {
            PostgresFixture.dropDatabase(database);
        }
    }

    @Test
    void aSqliteQueryBecomesADataset() throws Exception {
        Path file = Files.createDirectories(server.dataDir().resolve("imports")).resolve("shop-" + UUID.randomUUID() + ".sqlite");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL, price REAL)");
            statement.execute("INSERT INTO items VALUES (1, 'pen', 1.5), (2, 'book', 12.0), (3, 'clip', 0.25)");
        }
        String projectId = createProject("ui-");
        signIn();
        session.goTo("#/projects/" + projectId + "/ingest");
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Database")).click();
        Locator panel = page.getByRole(AriaRole.TABPANEL);
        panel.getByLabel("Database", new Locator.GetByLabelOptions().setExact(true)).selectOption("sqlite");
        assertThat(panel.getByTestId("password-fieldset")).hasCount(0);
        panel.getByLabel("Connection string").fill(file.toString());
        panel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("List tables")).click();
        assertThat(panel.locator("[data-testid=table-row][data-table='items']")).containsText("label");

        panel.getByLabel("A query").check();
        panel.getByLabel("Query", new Locator.GetByLabelOptions().setExact(true))
                .fill("SELECT label, price FROM items WHERE price > 1 ORDER BY label");
        panel.getByLabel("Dataset name").fill("dear_items");
        panel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Ingest").setExact(true)).click();

        assertThat(page.getByTestId("dataset-run-status")).hasText("succeeded", RUN_TIMEOUT);
        assertThat(page.getByTestId("dataset-title")).hasText("dear_items");
        assertThat(schemaTable().getByTestId("schema-name")).hasText(new String[] {"label", "price"});
        assertThat(page.getByTestId("dataset-row-count")).hasText("2");
        assertThat(page.getByTestId("preview-table")).containsText("book");
        assertThat(page.getByTestId("preview-table")).not().containsText("clip");
    }

    // ---------------------------------------------------------------- helpers

    private static void execute(PostgresFixture.TestDatabase database, String... statements) {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        if (database.password() != null) {
            properties.setProperty("password", database.password());
        }
        try (Connection connection = new org.postgresql.Driver().connect(database.url(), properties);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new AssertionError("test PostgreSQL: " + e.getMessage(), e);
        }
    }


    private Locator schemaTable() {
        return page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Schema").setExact(true));
    }

    private Locator versionRow(int number) {
        return page.locator("[data-testid=version-row][data-version='" + number + "']");
    }

    private void signIn() {
        session.goTo("#/signin");
        page.getByTestId("token-input").fill(server.adminToken());
        page.getByTestId("signin-submit").click();
        assertThat(page).hasURL(Pattern.compile("#/projects$"));
        assertThat(page.getByTestId("create-project-form")).isVisible();
    }

    private static String lastSegment(String url) {
        Matcher m = Pattern.compile("/([^/#?]+)$").matcher(url);
        assertTrue(m.find(), url);
        return m.group(1);
    }

    /** A regex matching the text literally (Playwright runs URL patterns as JavaScript regexes). */
    private static String literal(String text) {
        return text.replaceAll("[\\\\^$.|?*+()\\[\\]{}/]", "\\\\$0");
    }
}

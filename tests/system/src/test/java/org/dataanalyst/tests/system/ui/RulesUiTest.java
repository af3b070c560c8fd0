package org.dataanalyst.tests.system.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;

import org.dataanalyst.tests.system.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declared rule checks in the browser against the real platform process: a CSV ingested through the API, rules
 * added on the dataset page with the form (a not_null rule that holds, one that does not, and a named range rule
 * whose severity is changed to warn), saved with one PUT; a rule on a column the dataset does not have, typed in
 * the JSON editor, is refused with the server's own detail and nothing typed is lost; the profile run started from
 * the page evaluates the rules with the statuses and violation counts computed here from the CSV; the dataset
 * header and the project catalog show the outcome of that profile from the datasets' {@code profile} summary, and
 * "Profile is of version 1" once a second version arrives. Fails on any console error, page error or request
 * outside the origin; screenshots land in {@code target/ui-screenshots/}.
 */
class RulesUiTest extends BrowserTest {

    /** Generous: the first run of a fresh server loads DuckDB (extracting its native library). */
    private static final LocatorAssertions.HasTextOptions RUN_TIMEOUT =
            new LocatorAssertions.HasTextOptions().setTimeout(90_000);
    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 48;

    @Test
    void rulesDeclaredOnTheDatasetPageAreCheckedByTheNextProfileAndShownInTheCatalog(@TempDir Path files)
            throws Exception {
        // the data, and what the rules must find in it
        StringBuilder text = new StringBuilder("id,code,score\n");
        int missingScores = 0;
        int outOfRange = 0;
        for (int i = 1; i <= ROWS; i++) {
            String score = "";
            if (i % 8 != 0) {
                int s = (i * 29) % 130 - 10; // -10 … 119
                score = Integer.toString(s);
                if (s < 0 || s > 100) {
                    outOfRange++;
                }
            } else {
                missingScores++;
            }
            text.append(i).append(',').append((char) ('A' + i % 26)).append((char) ('A' + (i * 7) % 26))
                    .append(',').append(score).append('\n');
        }
        assertTrue(missingScores > 0 && outOfRange > 0, "the data must violate two of the rules");
        Path csv = files.resolve("readings.csv");
        Files.writeString(csv, text, StandardCharsets.UTF_8);

        // ingested through the API
        String projectId = createProject("ui-rules-");
        JsonNode accepted = upload(projectId, "readings", csv);
        String datasetId = accepted.get("dataset").get("id").asText();
        awaitSucceeded(projectId, accepted.get("run").get("id").asText());
        String rulesPath = "/api/projects/" + projectId + "/datasets/" + datasetId + "/rules";
        assertEquals(0, api.get(rulesPath).json().get("rules").size());

        signIn();
        session.goTo("#/projects/" + projectId + "/datasets/" + datasetId);
        assertThat(page.getByTestId("dataset-title")).hasText("readings");
        assertThat(page.getByTestId("dataset-profile-status")).hasText("not profiled");
        Locator rules = page.getByTestId("rules-section");
        assertThat(rules.getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setName("Rules"))).isVisible();
        assertThat(rules.getByTestId("rules-empty")).isVisible();

        // the type picker lists what the running profilers evaluate
        Locator form = rules.getByRole(AriaRole.FORM, new Locator.GetByRoleOptions().setName("Add a rule"));
        Locator type = form.getByLabel("Rule type");
        for (String t : ruleTypes()) {
            assertThat(type.locator("option[value='" + t + "']")).hasCount(1);
        }
        assertThat(form.getByLabel("Column", new Locator.GetByLabelOptions().setExact(true)).locator("option"))
                .hasText(new String[] {"Choose a column…", "id (BIGINT)", "code (VARCHAR)", "score (BIGINT)"});

        // three rules through the form
        addNotNull(form, "id");
        addNotNull(form, "score");
        type.selectOption("range");
        form.getByLabel("Column", new Locator.GetByLabelOptions().setExact(true)).selectOption("score");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add rule")).click();
        assertThat(form.getByTestId("rule-form-error")).hasText("Give a minimum, a maximum or both.");
        form.getByLabel("Minimum", new Locator.GetByLabelOptions().setExact(true)).fill("0");
        form.getByLabel("Maximum", new Locator.GetByLabelOptions().setExact(true)).fill("100");
        form.getByLabel("Name (optional)").fill("score in range");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add rule")).click();
        assertThat(form.getByTestId("rule-form-error")).hasCount(0);

        Locator rows = rules.getByTestId("rule-row");
        assertThat(rows).hasCount(3);
        assertThat(rows.nth(2).getByTestId("rule-params")).hasText("0 … 100");
        assertThat(rows.nth(2).getByTestId("rule-name")).containsText("score in range");
        rules.getByLabel("Severity of rule 3 (range on score)").selectOption("warn");
        assertThat(rules.getByTestId("rules-unsaved")).isVisible();
        assertEquals(0, api.get(rulesPath).json().get("rules").size(), "nothing is stored before Save");
        session.screenshot("rules-form");

        rules.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save rules")).click();
        assertThat(rules.getByTestId("rules-saved")).containsText("apply to the next profile");
        JsonNode expected = JSON.readTree("""
                [{"type": "not_null", "column": "id"},
                 {"type": "not_null", "column": "score"},
                 {"type": "range", "column": "score", "min": 0, "max": 100, "name": "score in range",
                  "severity": "warn"}]""");
        assertEquals(expected, api.get(rulesPath).json().get("rules"));
        assertThat(rules.getByTestId("rules-unsaved")).hasCount(0);

        // a rule on a column that does not exist, typed as JSON: refused with the server's words, nothing lost
        rules.getByRole(AriaRole.TAB, new Locator.GetByRoleOptions().setName("Edit as JSON")).click();
        Locator json = rules.getByLabel("Rules as JSON");
        assertEquals(expected, JSON.readTree(json.inputValue()));
        String typed = """
                [{"type": "not_null", "column": "id"},
                 {"type": "not_null", "column": "score"},
                 {"type": "range", "column": "score", "min": 0, "max": 100, "name": "score in range", "severity": "warn"},
                 {"type": "not_null", "column": "nope"}]""";
        json.fill(typed);
        session.expectFailedResource(400);
        rules.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save rules")).click();
        Locator refusal = rules.getByRole(AriaRole.ALERT).filter(new Locator.FilterOptions().setHasText("not saved"));
        assertThat(refusal).isVisible();
        Api.Response refused = api.putJson(rulesPath, "{\"rules\": " + typed + "}");
        assertEquals(400, refused.status(), refused::toString);
        String detail = refused.json().get("detail").asText();
        assertTrue(detail.contains("rule 4") && detail.contains("'nope'"), detail);
        assertThat(refusal.getByTestId("rules-error-detail")).hasText(detail);
        assertThat(json).hasValue(typed);
        assertEquals(expected, api.get(rulesPath).json().get("rules"), "a refused list stores nothing");
        session.screenshot("rules-refused");

        // back in the form the refused rule is marked; removed, the rest saves
        rules.getByRole(AriaRole.TAB, new Locator.GetByRoleOptions().setName("Form")).click();
        assertThat(rows).hasCount(4);
        assertThat(rows.nth(3)).hasAttribute("data-refused", "true");
        rules.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove rule 4 (not_null on nope)")).click();
        assertThat(rows).hasCount(3);
        rules.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save rules")).click();
        assertThat(rules.getByTestId("rules-saved")).isVisible();
        assertThat(rules.getByTestId("rules-error")).hasCount(0);
        assertEquals(expected, api.get(rulesPath).json().get("rules"));

        // a profile from the page evaluates them
        rules.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Run a profile now")).click();
        Locator profile = page.getByTestId("profile-section");
        assertThat(profile.getByTestId("profile-rows")).hasText(String.valueOf(ROWS), RUN_TIMEOUT);
        assertRuleCheck(profile, "rule:not_null", "id", "pass", 0);
        assertRuleCheck(profile, "rule:not_null", "score", "fail", missingScores);
        assertRuleCheck(profile, "rule:score in range", "score", "warn", outOfRange);
        assertThat(profile.getByTestId("profile-rule-checks").getByTestId("check-rule")).hasCount(3);
        assertThat(profile.getByTestId("profile-checks").getByTestId("check-rule")).hasCount(0);
        Locator ruleCounts = profile.getByTestId("profile-rule-counts");
        assertThat(ruleCounts).hasAttribute("data-pass", "1");
        assertThat(ruleCounts).hasAttribute("data-warn", "1");
        assertThat(ruleCounts).hasAttribute("data-fail", "1");
        // and each rule shows its latest result
        assertThat(rules.getByTestId("rule-result")).hasText(new String[] {"✓ pass", "✗ fail", "! warn"});

        // the run evaluated the rules as saved
        JsonNode run = profileRun(projectId, datasetId);
        assertEquals("succeeded", run.get("status").asText(), run::toString);
        assertEquals(expected, run.get("params").get("rules"), run::toString);

        // the header shows the dataset's profile summary
        JsonNode summary = api.get("/api/projects/" + projectId + "/datasets/" + datasetId).json().get("profile");
        assertEquals(run.get("id").asText(), summary.get("run_id").asText(), summary::toString);
        assertEquals("succeeded", summary.get("status").asText(), summary::toString);
        assertEquals(1, summary.get("version").asInt(), summary::toString);
        int warnings = summary.get("alerts").path("warning").asInt();
        int failedChecks = summary.get("checks").path("fail").asInt();
        assertTrue(failedChecks >= 1, () -> "the not_null rule on score fails: " + summary);
        assertTrue(summary.get("checks").path("warn").asInt() >= 1, () -> "the range rule warns: " + summary);
        assertThat(page.getByTestId("dataset-profile-status")).hasText("succeeded", RUN_TIMEOUT);
        Locator headerChecks = page.getByTestId("dataset-profile-checks");
        assertThat(headerChecks).hasAttribute("data-fail", String.valueOf(failedChecks));
        assertThat(headerChecks).hasAttribute("data-pass", String.valueOf(summary.get("checks").path("pass").asInt()));
        assertThat(page.getByTestId("dataset-profile-alerts")).hasAttribute("data-warnings", String.valueOf(warnings));
        assertThat(page.getByTestId("dataset-profile-version-note")).hasCount(0);
        session.screenshot("rules-profiled");

        // the catalog's Last profile column, from the same summary
        page.locator("nav[aria-label=breadcrumb] a").nth(1).click();
        Locator row = page.locator("[data-testid=dataset-row][data-dataset-id='" + datasetId + "']");
        assertThat(row.getByTestId("dataset-profile-status")).hasText("succeeded");
        assertThat(row.getByTestId("dataset-profile-warnings")).hasText("⚠ " + warnings);
        assertThat(row.getByTestId("dataset-profile-failed-checks")).hasText("✗ " + failedChecks);
        assertThat(row.getByTestId("dataset-profile-link"))
                .hasAttribute("href", "#/projects/" + projectId + "/datasets/" + datasetId + "/profile");
        assertThat(row.getByTestId("dataset-profile-outdated")).hasCount(0);
        session.screenshot("rules-catalog");

        // a second version: the profile is now of an older one
        JsonNode second = upload(projectId, "readings", csv(files, text.toString() + (ROWS + 1) + ",ZZ,50\n"));
        assertEquals(datasetId, second.get("dataset").get("id").asText(), second::toString);
        awaitSucceeded(projectId, second.get("run").get("id").asText());
        page.reload();
        assertThat(row.getByTestId("dataset-versions")).containsText("2");
        assertThat(row.getByTestId("dataset-profile-outdated")).hasText("v1");
        row.getByTestId("dataset-profile-link").click();
        assertThat(page).hasURL(Pattern.compile("/datasets/" + datasetId + "/profile$"));
        assertThat(page.getByTestId("dataset-latest-version")).hasText("2", RUN_TIMEOUT);
        assertThat(page.getByTestId("dataset-profile-version-note")).containsText("Profile is of version 1");
        assertThat(page.locator("#profile-heading")).isFocused();
        assertThat(page.getByTestId("profile-outdated")).isVisible();
    }

    @Test
    void theFormBuildsEveryRuleTypeAsTheServerExpectsIt(@TempDir Path files) throws Exception {
        Path csv = files.resolve("visits.csv");
        Files.writeString(csv, """
                id,code,day,amount
                1,AB,2024-01-02,12.5
                2,CD,2024-01-03,7.25
                3,EF,2024-01-04,3
                """, StandardCharsets.UTF_8);
        String projectId = createProject("ui-rules-");
        JsonNode accepted = upload(projectId, "visits", csv);
        String datasetId = accepted.get("dataset").get("id").asText();
        awaitSucceeded(projectId, accepted.get("run").get("id").asText());

        signIn();
        session.goTo("#/projects/" + projectId + "/datasets/" + datasetId);
        Locator rules = page.getByTestId("rules-section");
        Locator form = rules.getByRole(AriaRole.FORM, new Locator.GetByRoleOptions().setName("Add a rule"));
        Locator type = form.getByLabel("Rule type");
        Locator column = form.getByLabel("Column", new Locator.GetByLabelOptions().setExact(true));
        Locator add = form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add rule"));

        type.selectOption("unique");
        column.selectOption("id");
        add.click();

        type.selectOption("range"); // a date column: the bounds stay text
        column.selectOption("day");
        form.getByLabel("Minimum", new Locator.GetByLabelOptions().setExact(true)).fill("2024-01-01");
        add.click();

        type.selectOption("range"); // a number column: a bound that is no number is caught before sending
        column.selectOption("amount");
        form.getByLabel("Maximum", new Locator.GetByLabelOptions().setExact(true)).fill("lots");
        add.click();
        assertThat(form.getByTestId("rule-form-error")).containsText("must be a number");
        form.getByLabel("Maximum", new Locator.GetByLabelOptions().setExact(true)).fill("99.5");
        add.click();

        type.selectOption("regex");
        column.selectOption("code");
        form.getByLabel("Pattern").fill("^[A-Z]{2}$");
        form.getByLabel("Severity", new Locator.GetByLabelOptions().setExact(true)).selectOption("warn");
        add.click();

        type.selectOption("allowed_values");
        column.selectOption("code");
        form.getByLabel("Allowed values").fill("AB\nCD\n EF \n");
        form.getByLabel("Name (optional)").fill("known codes");
        add.click();

        type.selectOption("row_count");
        assertThat(column).hasCount(0);
        form.getByLabel("Minimum rows").fill("1");
        form.getByLabel("Maximum rows").fill("1000");
        add.click();

        assertThat(rules.getByTestId("rule-type"))
                .hasText(new String[] {"unique", "range", "range", "regex", "allowed_values", "row_count"});
        rules.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save rules")).click();
        assertThat(rules.getByTestId("rules-saved")).isVisible();
        JsonNode expected = JSON.readTree("""
                [{"type": "unique", "column": "id"},
                 {"type": "range", "column": "day", "min": "2024-01-01"},
                 {"type": "range", "column": "amount", "max": 99.5},
                 {"type": "regex", "column": "code", "pattern": "^[A-Z]{2}$", "severity": "warn"},
                 {"type": "allowed_values", "column": "code", "values": ["AB", "CD", "EF"], "name": "known codes"},
                 {"type": "row_count", "min": 1, "max": 1000}]""");
        assertEquals(expected, api.get("/api/projects/" + projectId + "/datasets/" + datasetId + "/rules").json()
                .get("rules"));

        // the list survives a reload, and removing every rule saves an empty list
        page.reload();
        assertThat(rules.getByTestId("rule-row")).hasCount(6);
        for (int i = 6; i >= 1; i--) {
            rules.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(Pattern.compile("^Remove rule " + i + " ")))
                    .click();
        }
        assertThat(rules.getByTestId("rules-empty")).isVisible();
        rules.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save rules")).click();
        assertThat(rules.getByTestId("rules-saved")).isVisible();
        assertEquals(0, api.get("/api/projects/" + projectId + "/datasets/" + datasetId + "/rules").json()
                .get("rules").size());
    }

    // ---------------------------------------------------------------- helpers

    private static void addNotNull(Locator form, String column) {
        form.getByLabel("Rule type").selectOption("not_null");
        form.getByLabel("Column", new Locator.GetByLabelOptions().setExact(true)).selectOption(column);
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add rule")).click();
    }

    private static void assertRuleCheck(Locator profile, String name, String column, String status, int observed) {
        Locator check = profile.locator("[data-testid=profile-check][data-name='" + name + "'][data-column='" + column + "']");
        assertThat(check).hasCount(1);
        assertThat(check).hasAttribute("data-status", status);
        assertThat(check.getByTestId("check-rule")).isVisible();
        assertThat(check.locator("td.num")).hasText(String.valueOf(observed));
    }

    /** The rule types GET /profilers announces (the quality profiler's six). */
    private static Set<String> ruleTypes() {
        Set<String> types = new java.util.TreeSet<>();
        for (JsonNode p : items(api.get("/api/profilers").json())) {
            for (JsonNode t : p.path("rule_types")) {
                types.add(t.asText());
            }
        }
        assertEquals(Set.of("not_null", "unique", "range", "regex", "allowed_values", "row_count"), types);
        return types;
    }




    private static Path csv(Path dir, String content) throws Exception {
        Path file = Files.createDirectories(dir.resolve("v2")).resolve("readings.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** POST …/datasets as multipart/form-data (name, then the file streamed from disk); answers the 202 body. */
    private static JsonNode upload(String projectId, String name, Path file) {
        String boundary = "----analyst-test-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: text/csv\r\n\r\n";
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                    HttpRequest.BodyPublishers.ofFile(file),
                    HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n", StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
        Api.Response r = api.send(api.request("/api/projects/" + projectId + "/datasets")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body).build());
        assertEquals(202, r.status(), r::toString);
        return r.json();
    }

    private static void awaitSucceeded(String projectId, String runId) {
        JsonNode run = api.await("/api/projects/" + projectId + "/runs/" + runId,
                r -> TERMINAL.contains(r.get("status").asText()), Duration.ofSeconds(120));
        assertEquals("succeeded", run.get("status").asText(), run::toString);
    }

    private void signIn() {
        session.goTo("#/signin");
        page.getByTestId("token-input").fill(server.adminToken());
        page.getByTestId("signin-submit").click();
        assertThat(page).hasURL(Pattern.compile("#/projects$"));
    }
}

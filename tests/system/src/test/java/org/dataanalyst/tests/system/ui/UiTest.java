package org.dataanalyst.tests.system.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;

import org.dataanalyst.tests.system.Api;
import org.junit.jupiter.api.Test;

/**
 * The browser UI against the real platform process, in headless Chromium: what a user clicks, checked
 * against what the REST API says. Every test also fails on any console error, page error or request
 * outside the origin it did not provoke on purpose. Screenshots of the main pages land in
 * {@code target/ui-screenshots/}.
 */
class UiTest extends BrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // ---------------------------------------------------------------- sign-in

    @Test
    void signsInWithTheAdminTokenAndStaysSignedInOnReload() {
        session.goTo("");
        assertThat(page).hasURL(Pattern.compile("#/signin$"));
        assertThat(page.getByTestId("token-input")).isFocused();
        session.screenshot("signin");

        session.expectFailedResource(401);
        page.getByTestId("token-input").fill("da_not-a-valid-token-xxxxxxxxxxxxxxxxxxxx");
        page.getByTestId("signin-submit").click();
        assertThat(page.getByTestId("signin-error")).containsText("does not accept this token");

        signIn();
        assertThat(page.getByTestId("signed-in-as")).containsText("admin");
        assertThat(page.locator("h1")).hasText("Projects");

        page.reload();
        assertThat(page).hasURL(Pattern.compile("#/projects$"));
        assertThat(page.getByTestId("signed-in-as")).isVisible();

        page.getByTestId("sign-out").click();
        assertThat(page).hasURL(Pattern.compile("#/signin$"));
        assertThat(page.getByTestId("notice")).containsText("signed out");
        session.goTo("#/projects");
        assertThat(page).hasURL(Pattern.compile("#/signin$"));
    }

    @Test
    void aRevokedTokenSendsTheUserBackToSignIn() {
        Api.Response created = api.postJson("/api/tokens", "{\"name\":\"ui-short-lived\",\"admin\":false}");
        assertEquals(201, created.status(), created::toString);
        String secret = created.json().get("secret").asText();
        String tokenId = created.json().get("token").get("id").asText();

        session.goTo("#/signin");
        page.getByTestId("token-input").fill(secret);
        page.getByTestId("signin-submit").click();
        assertThat(page.getByTestId("signed-in-as")).containsText("ui-short-lived");
        assertThat(page.getByTestId("projects-total")).isVisible(); // the page has loaded with the token

        assertEquals(204, api.delete("/api/tokens/" + tokenId).status());
        session.expectFailedResource(401);
        String project = uniqueName();
        page.getByTestId("project-name-input").fill(project);
        page.getByTestId("create-project-submit").click();

        assertThat(page).hasURL(Pattern.compile("#/signin$"));
        assertThat(page.getByTestId("notice")).containsText("session has ended");
        assertThat(page.getByTestId("token-input")).isVisible();
        assertFalse(api.get("/api/projects?limit=500").json().get("items").findValuesAsText("name").contains(project),
                "nothing was created with the revoked token");
    }

    // ---------------------------------------------------------------- projects

    @Test
    void aProjectCreatedInTheUiIsInTheApi() {
        signIn();
        String name = uniqueName();
        page.getByTestId("project-name-input").fill(name);
        page.getByTestId("project-description-input").fill("Orders of the web shop, 2024");
        page.getByTestId("create-project-submit").click();

        assertThat(page.getByTestId("create-project-success")).containsText(name);
        assertThat(row(name)).isVisible();
        assertThat(row(name).locator("td.description")).hasText("Orders of the web shop, 2024");

        JsonNode project = projectNamed(name);
        assertEquals("Orders of the web shop, 2024", project.get("description").asText());
        assertEquals(project.get("id").asText(), row(name).getAttribute("data-project-id"));

        // the server's problem details are what the user reads
        session.expectFailedResource(409);
        page.getByTestId("project-name-input").fill(name);
        page.getByTestId("create-project-submit").click();
        assertThat(page.getByTestId("create-project-error")).isVisible();
        String conflict = api.postJson("/api/projects", "{\"name\":\"" + name + "\"}").json().get("detail").asText();
        assertThat(page.getByTestId("create-project-error")).hasText(conflict);

        session.expectFailedResource(400);
        page.getByTestId("project-name-input").fill("no spaces allowed");
        page.getByTestId("create-project-submit").click();
        String invalid = api.postJson("/api/projects", "{\"name\":\"no spaces allowed\"}").json().get("detail").asText();
        assertThat(page.getByTestId("create-project-error")).hasText(invalid);
        session.screenshot("projects-create-error");
    }

    @Test
    void aProjectCreatedThroughTheApiShowsInTheUi() {
        String name = uniqueName();
        String id = createProject(name, "made through the API");
        signIn();
        pageTo(name);
        assertThat(row(name)).hasAttribute("data-project-id", id);
        session.screenshot("projects");

        row(name).getByTestId("project-link").click();
        assertThat(page).hasURL(Pattern.compile("#/projects/" + literal(id) + "$"));
        assertThat(page.getByTestId("project-title")).hasText(name);
        assertThat(page.getByTestId("runs-empty")).isVisible();
        assertThat(page.getByTestId("datasets-empty")).isVisible();
        assertThat(page.getByTestId("artifacts-empty")).isVisible();
        assertThat(page.getByTestId("run-type-select").locator("option[value=check]")).hasCount(1);
        session.screenshot("project-empty");
    }

    @Test
    void theProjectListIsPaged() {
        int total = api.get("/api/projects").json().get("total").asInt();
        for (int i = total; i < 23; i++) {
            createProject(uniqueName(), "for paging");
        }
        total = api.get("/api/projects").json().get("total").asInt();
        signIn();
        Locator rows = page.getByTestId("project-row");
        assertThat(rows).hasCount(20);
        assertThat(page.getByTestId("projects-pager")).containsText("1–20 of " + total);
        assertThat(page.getByTestId("projects-prev")).isDisabled();
        String firstOnPageOne = rows.first().getAttribute("data-project-id");

        page.getByTestId("projects-next").click();
        assertThat(page.getByTestId("projects-pager")).containsText("21–" + Math.min(40, total) + " of " + total);
        assertThat(rows).hasCount(Math.min(20, total - 20));
        assertThat(rows.first()).not().hasAttribute("data-project-id", firstOnPageOne);

        page.getByTestId("projects-prev").click();
        assertThat(rows.first()).hasAttribute("data-project-id", firstOnPageOne);
    }

    @Test
    void aProjectIsDeletedInTheUiAfterConfirmation() {
        String name = uniqueName();
        String id = createProject(name, "");
        signIn();

        pageTo(name);
        row(name).getByTestId("project-delete").click();
        assertThat(page.getByTestId("confirm-dialog")).isVisible();
        assertThat(page.getByTestId("confirm-dialog")).containsText(name);
        session.screenshot("confirm-delete");
        page.getByTestId("confirm-cancel").click();
        assertThat(page.getByTestId("confirm-dialog")).hasCount(0);
        assertThat(row(name)).isVisible();
        assertEquals(200, api.get("/api/projects/" + id).status());

        row(name).getByTestId("project-delete").click();
        page.getByTestId("confirm-ok").click();
        assertThat(page.getByTestId("notice")).containsText("was deleted");
        assertThat(row(name)).hasCount(0);
        assertEquals(404, api.get("/api/projects/" + id).status());
    }

    // ---------------------------------------------------------------- runs

    @Test
    void aCheckRunStartedInTheUiSucceedsWithItsLogAndReport() throws Exception {
        String name = uniqueName();
        String projectId = createProject(name, "for a check run");
        signIn();
        session.goTo("#/projects/" + projectId);
        page.getByTestId("run-type-select").selectOption("check");
        assertThat(page.getByTestId("run-option-hold_seconds")).isVisible();
        page.getByTestId("run-option-hold_seconds").fill("2");
        page.getByTestId("start-run-submit").click();

        assertThat(page).hasURL(Pattern.compile("#/projects/" + literal(projectId) + "/runs/[^/]+$"));
        Matcher url = Pattern.compile("/runs/([^/]+)$").matcher(page.url());
        assertTrue(url.find());
        String runId = url.group(1);
        assertThat(page.getByTestId("run-title")).containsText("check");
        // live: the page follows the run while it holds, then shows how it ended
        assertThat(page.getByTestId("run-log")).containsText("checking the workspace");
        assertThat(page.getByTestId("run-status")).hasText("succeeded", new LocatorAssertions.HasTextOptions()
                .setTimeout(60_000));
        assertThat(page.getByTestId("run-log-state")).containsText("Complete");
        assertThat(page.getByTestId("run-cancel")).hasCount(0);
        assertThat(page.getByTestId("run-params")).containsText("hold_seconds");

        JsonNode run = api.get("/api/projects/" + projectId + "/runs/" + runId).json();
        assertEquals("succeeded", run.get("status").asText());
        assertEquals(2, run.get("params").get("hold_seconds").asInt());
        Duration ran = Duration.between(Instant.parse(run.get("started_at").asText()),
                Instant.parse(run.get("finished_at").asText()));
        assertTrue(ran.toMillis() >= 1900, "held about 2 s: " + ran);

        String log = page.getByTestId("run-log").textContent();
        String apiLog = api.get("/api/projects/" + projectId + "/runs/" + runId + "/log?offset=0").json()
                .get("text").asText();
        assertTrue(log.lines().count() >= 3, log);
        assertEquals(apiLog.strip(), log.strip(), "the page shows the whole log, once");

        // the report downloads with the token (fetched as a blob, not a plain link)
        Locator artifact = page.getByTestId("artifact-row").filter(new Locator.FilterOptions().setHasText("check.json"));
        assertThat(artifact).isVisible();
        session.screenshot("run");
        Download download = page.waitForDownload(() -> artifact.getByTestId("artifact-download").click());
        assertEquals("check.json", download.suggestedFilename());
        JsonNode report = JSON.readTree(Files.readString(download.path(), StandardCharsets.UTF_8));
        assertEquals(runId, report.get("run_id").asText());
        assertTrue(report.get("ok").asBoolean(), report::toString);

        // the project page lists the run and its artifact
        page.locator("nav[aria-label=breadcrumb] a").nth(1).click();
        Locator runRow = page.locator("[data-testid=run-row][data-run-id='" + runId + "']");
        assertThat(runRow.getByTestId("run-status")).hasText("succeeded");
        assertThat(runRow.getByTestId("run-progress")).isVisible();
        assertThat(page.getByTestId("artifacts-table")).containsText("check.json");
        session.screenshot("project");

        // asking again for the same run shows the existing one; "force" starts a new one
        page.getByTestId("run-option-hold_seconds").fill("2");
        page.getByTestId("start-run-submit").click();
        assertThat(page.getByTestId("notice")).containsText("identical run already exists");
        assertThat(page).hasURL(Pattern.compile("/runs/" + literal(runId) + "$"));
        page.locator("nav[aria-label=breadcrumb] a").nth(1).click();
        page.getByTestId("run-option-hold_seconds").fill("2");
        page.getByTestId("run-force").check();
        page.getByTestId("start-run-submit").click();
        assertThat(page.getByTestId("notice")).containsText("started");
        assertThat(page).not().hasURL(Pattern.compile("/runs/" + literal(runId) + "$"));
        assertThat(page.getByTestId("run-status")).hasText("succeeded", new LocatorAssertions.HasTextOptions()
                .setTimeout(60_000));
        assertEquals(2, api.get("/api/projects/" + projectId + "/runs").json().get("total").asInt());
    }

    @Test
    void aRunningRunIsCancelledFromItsPage() {
        String projectId = createProject(uniqueName(), "");
        signIn();
        session.goTo("#/projects/" + projectId);
        page.getByTestId("run-option-hold_seconds").fill("120");
        page.getByTestId("start-run-submit").click();

        assertThat(page.getByTestId("run-status")).hasText("running", new LocatorAssertions.HasTextOptions()
                .setTimeout(30_000));
        assertThat(page.getByTestId("run-progress")).isVisible();
        session.screenshot("run-live");
        page.getByTestId("run-cancel").click();
        assertThat(page.getByTestId("run-status")).hasText("cancelled", new LocatorAssertions.HasTextOptions()
                .setTimeout(30_000));
        assertThat(page.getByTestId("run-cancel")).hasCount(0);
        assertThat(page.getByTestId("run-log-state")).containsText("Complete");
    }

    @Test
    void aSmallScreenGetsTheSameUi() {
        String name = uniqueName();
        createProject(name, "seen on a phone");
        page.setViewportSize(390, 844);
        signIn();
        pageTo(name);
        assertThat(page.getByTestId("create-project-form")).isVisible();
        boolean overflows = (Boolean) page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1");
        assertEquals(false, overflows, "the page does not scroll sideways");
        session.screenshot("projects-small-screen");
    }

    // ---------------------------------------------------------------- helpers

    private void signIn() {
        session.goTo("#/signin");
        page.getByTestId("token-input").fill(server.adminToken());
        page.getByTestId("signin-submit").click();
        assertThat(page).hasURL(Pattern.compile("#/projects$"));
        assertThat(page.getByTestId("create-project-form")).isVisible();
    }

    /** Pages through the project list (oldest first) to the project, as a user would. */
    private void pageTo(String projectName) {
        assertThat(page.getByTestId("projects-total")).isVisible();
        for (int i = 0; i < 50 && row(projectName).count() == 0; i++) {
            Locator next = page.getByTestId("projects-next");
            if (next.count() == 0 || next.isDisabled()) {
                break;
            }
            String pager = page.getByTestId("projects-pager").textContent();
            next.click();
            assertThat(page.getByTestId("projects-pager")).not().hasText(pager);
        }
        assertThat(row(projectName)).isVisible();
    }

    private Locator row(String projectName) {
        return page.locator("[data-testid=project-row][data-project-name='" + projectName + "']");
    }

    /** A regex matching the text literally (Playwright runs URL patterns as JavaScript regexes: no \\Q…\\E). */
    private static String literal(String text) {
        return text.replaceAll("[\\\\^$.|?*+()\\[\\]{}/]", "\\\\$0");
    }

    private static String uniqueName() {
        return "ui-" + UUID.randomUUID().toString().substring(0, 8);
    }


    private static JsonNode projectNamed(String name) {
        for (JsonNode p : api.get("/api/projects?limit=500").json().get("items")) {
            if (name.equals(p.get("name").asText())) {
                return p;
            }
        }
        throw new AssertionError("the API has no project named " + name);
    }
}

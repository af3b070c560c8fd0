package org.dataanalyst.tests.system.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiling in the browser against the real platform process: a CSV uploaded through the ingest form, "Profile"
 * clicked on the dataset page, and the profile shown natively once the run has succeeded — the overview's row
 * count, an alert for the constant column, column cards with charts, and download links that point at the run's
 * profile.html and profile.json artifacts. Like the other UI tests, fails on any console error, page error or
 * request outside the origin; screenshots land in {@code target/ui-screenshots/}.
 */
class ProfileUiTest extends BrowserTest {

    /** Generous: the first run of a fresh server loads DuckDB (extracting its native library). */
    private static final LocatorAssertions.HasTextOptions RUN_TIMEOUT =
            new LocatorAssertions.HasTextOptions().setTimeout(90_000);
    private static final int ROWS = 120;

    @Test
    void anUploadedCsvIsProfiledAndItsProfileShownWithChartsAndDownloads(@TempDir Path files) throws Exception {
        Path csv = files.resolve("shipments.csv");
        StringBuilder text = new StringBuilder("id,warehouse,weight,city\n");
        for (int i = 1; i <= ROWS; i++) {
            text.append(i).append(",W1,").append(i % 9 == 0 ? "" : Integer.toString((i * 37) % 250))
                    .append(',').append(new String[] {"Berlin", "Paris", "Madrid", "Oslo"}[i % 4]).append('\n');
        }
        Files.writeString(csv, text, StandardCharsets.UTF_8);
        String projectId = createProject("ui-profile-");

        // upload in the UI
        signIn();
        session.goTo("#/projects/" + projectId + "/ingest");
        Locator upload = page.getByRole(AriaRole.TABPANEL);
        upload.getByLabel("File", new Locator.GetByLabelOptions().setExact(true)).setInputFiles(csv);
        upload.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Upload and ingest")).click();
        assertThat(page).hasURL(Pattern.compile("#/projects/" + literal(projectId) + "/datasets/[^/]+$"));
        String datasetId = lastSegment(page.url());
        assertThat(page.getByTestId("dataset-run-status")).hasText("succeeded", RUN_TIMEOUT);
        assertThat(page.getByTestId("profile-none")).isVisible();
        assertThat(page.getByTestId("dataset-profile-status")).hasText("not profiled");

        // profile it
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Profile").setExact(true)).click();
        Locator section = page.getByTestId("profile-section");
        assertThat(section.getByTestId("profile-rows")).hasText(String.valueOf(ROWS), RUN_TIMEOUT);
        assertThat(page.getByTestId("dataset-profile-status")).hasText("succeeded");
        assertThat(page.getByTestId("dataset-profile-alerts")).isVisible();
        assertThat(section.getByTestId("profile-columns")).hasText("4");

        // the run the UI started, as the API has it
        JsonNode run = profileRun(projectId, datasetId);
        assertEquals("succeeded", run.get("status").asText(), run::toString);
        Map<String, String> artifacts = new HashMap<>();
        for (JsonNode a : items(api.get("/api/projects/" + projectId + "/runs/" + run.get("id").asText() + "/artifacts").json())) {
            artifacts.put(a.get("name").asText(), a.get("id").asText());
        }
        assertTrue(artifacts.keySet().containsAll(List.of("profile.html", "profile.json")), artifacts::toString);

        // an alert for the constant column, which leads to its card
        Locator constant = section.locator("[data-testid=profile-alert][data-kind=constant][data-column=warehouse]");
        assertThat(constant).isVisible();
        assertThat(constant.getByTestId("alert-severity")).isVisible();

        // column cards with charts: bins for a number, top values for text
        Locator weight = section.locator("[data-testid=column-card][data-column=weight]");
        assertThat(weight.getByTestId("column-name")).hasText("weight");
        assertThat(weight.locator("[data-testid=column-chart][data-kind=bins] svg rect").first()).isVisible();
        Locator city = section.locator("[data-testid=column-card][data-column=city]");
        assertThat(city.locator("[data-testid=column-chart][data-kind=top_k]")).isVisible();
        assertThat(city.getByTestId("topk-row")).hasCount(4);
        assertThat(section.getByTestId("column-card")).hasCount(4);
        section.screenshot(new Locator.ScreenshotOptions().setPath(BrowserFixture.SCREENSHOTS.resolve("profile-section.png")));
        constant.getByTestId("alert-column").click();
        assertThat(section.getByTestId("column-card")).hasCount(1);
        assertThat(section.getByTestId("column-filter")).hasValue("warehouse");
        session.screenshot("dataset-profile");

        // the downloads are the run's artifacts
        Locator html = section.getByTestId("profile-download-html");
        Locator json = section.getByTestId("profile-download-json");
        assertThat(html).hasAttribute("href", "/api/projects/" + projectId + "/artifacts/" + artifacts.get("profile.html"));
        assertThat(json).hasAttribute("href", "/api/projects/" + projectId + "/artifacts/" + artifacts.get("profile.json"));
        Download download = page.waitForDownload(json::click);
        assertEquals("profile.json", download.suggestedFilename());
        JsonNode downloaded = new com.fasterxml.jackson.databind.ObjectMapper().readTree(download.path().toFile());
        assertEquals(run.get("id").asText(), downloaded.get("run_id").asText());
        assertEquals(ROWS, downloaded.get("dataset").get("rows").asInt());

        // the project's catalog shows the profile state: the dataset's profile summary, linked to the profile
        JsonNode summary = api.get("/api/projects/" + projectId + "/datasets/" + datasetId).json().get("profile");
        assertEquals(run.get("id").asText(), summary.get("run_id").asText(), summary::toString);
        page.locator("nav[aria-label=breadcrumb] a").nth(1).click();
        Locator row = page.locator("[data-testid=dataset-row][data-dataset-id='" + datasetId + "']");
        assertThat(row.getByTestId("dataset-profile-status")).hasText("succeeded");
        assertThat(row.getByTestId("dataset-profile-warnings"))
                .hasAttribute("data-count", String.valueOf(summary.get("alerts").path("warning").asInt()));
        assertThat(row.getByTestId("dataset-profile-failed-checks"))
                .hasAttribute("data-count", String.valueOf(summary.get("checks").path("fail").asInt()));
        row.getByTestId("dataset-profile-link").click();
        assertThat(page).hasURL(Pattern.compile("/datasets/" + literal(datasetId) + "/profile$"));
        assertThat(page.getByTestId("profile-section").getByTestId("profile-rows")).hasText(String.valueOf(ROWS));
    }

    // ---------------------------------------------------------------- helpers




    private void signIn() {
        session.goTo("#/signin");
        page.getByTestId("token-input").fill(server.adminToken());
        page.getByTestId("signin-submit").click();
        assertThat(page).hasURL(Pattern.compile("#/projects$"));
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

package org.dataanalyst.tests.system.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.dataanalyst.tests.system.Api;
import org.dataanalyst.tests.system.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;

/**
 * The life cycle every browser test class shares: one real platform process and one headless Chromium
 * per class, a fresh page per test, and a test that fails on any console error, page error or request
 * outside the origin (with a screenshot in {@code target/ui-screenshots/}). Without a browser every
 * test is skipped with the reason (and {@link BrowserFixture} makes that a failure in CI).
 */
abstract class BrowserTest {

    @TempDir
    static Path temp;

    static ServerProcess server;
    static Api api;
    static BrowserFixture browser;

    BrowserFixture.Session session;
    Page page;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> chromium = BrowserFixture.chromium();
        if (chromium.isEmpty()) {
            return; // every test is skipped in open()
        }
        Files.createDirectories(BrowserFixture.SCREENSHOTS);
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        server = ServerProcess.start(temp.resolve("data"));
        api = server.api();
        browser = BrowserFixture.launch(chromium.get());
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    @BeforeEach
    void open() {
        assumeTrue(browser != null, BrowserFixture.skipReason());
        session = browser.open(server.baseUri());
        page = session.page;
    }

    @AfterEach
    void noProblems(TestInfo test) {
        if (session == null) {
            return;
        }
        List<String> problems = new ArrayList<>(session.problems);
        if (!problems.isEmpty()) {
            session.screenshot("failed-" + test.getTestMethod().orElseThrow().getName());
        }
        session.close();
        assertEquals(List.of(), problems, "console errors, page errors or outside requests");
    }

    // ------------------------------------------------------------------ API helpers the UI tests share

    /** Creates a project through the API; @return its id */
    static String createProject(String name, String description) {
        Api.Response r = api.postJson("/api/projects",
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("name", name).put("description", description).toString());
        assertEquals(201, r.status(), r::toString);
        return r.json().get("id").asText();
    }

    /** Creates a project with a unique name starting with {@code prefix}; @return its id */
    static String createProject(String prefix) {
        return createProject(prefix + java.util.UUID.randomUUID().toString().substring(0, 8), "");
    }

    /** @return the newest profile run of the dataset, from the project's runs */
    static JsonNode profileRun(String projectId, String datasetId) {
        for (JsonNode run : items(api.get("/api/projects/" + projectId + "/runs?limit=100").json())) {
            if (run.get("type").asText().equals("profile") && datasetId.equals(run.path("dataset_id").asText())) {
                return run;
            }
        }
        throw new AssertionError("no profile run of " + datasetId);
    }

    /** @return the items of a page, or the list itself */
    static JsonNode items(JsonNode list) {
        return list.isArray() ? list : list.get("items");
    }
}

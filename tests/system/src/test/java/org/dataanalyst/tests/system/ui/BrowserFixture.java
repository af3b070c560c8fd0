package org.dataanalyst.tests.system.ui;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * Headless Debian Chromium driven by Playwright, never a downloaded browser and never the network:
 * every request outside the server's origin is aborted and recorded as a problem.
 *
 * <p>Without {@code /usr/bin/chromium} (or {@code -De2e.chromium=PATH}) the browser tests are skipped
 * with a message (per test, so Surefire counts them as skipped); with {@code -De2e.required=true} or
 * {@code CI=true} they fail instead.
 */
final class BrowserFixture implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--no-first-run",
            "--disable-default-apps", "--disable-sync", "--disable-extensions", "--metrics-recording-only",
            "--no-default-browser-check", "--disable-features=Translate,OptimizationHints,MediaRouter");

    private final Playwright playwright;
    private final Browser browser;

    private BrowserFixture(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /**
     * The Chromium to drive; empty when there is none and browser tests may be skipped (the reason is
     * in {@link #skipReason()} and printed once). Fails where browser tests are required.
     */
    static Optional<Path> chromium() {
        Path chromium = Path.of(System.getProperty("e2e.chromium", "/usr/bin/chromium"));
        if (Files.isExecutable(chromium)) {
            return Optional.of(chromium);
        }
        boolean required = Boolean.getBoolean("e2e.required") || "true".equalsIgnoreCase(System.getenv("CI"));
        String message = "no Chromium at " + chromium + ": install it with "
                + "'apt-get install -y chromium chromium-driver fonts-liberation' (or pass -De2e.chromium=PATH)";
        if (required) {
            fail(message + " — browser tests are required here (e2e.required / CI)");
        }
        System.err.println("[WARNING] browser tests skipped: " + message);
        return Optional.empty();
    }

    static String skipReason() {
        return "browser tests skipped: no Chromium (see -De2e.chromium, -De2e.required)";
    }

    static BrowserFixture launch(Path chromium) {
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium)
                    .setHeadless(true)
                    .setArgs(ARGS));
            return new BrowserFixture(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A fresh context (own sessionStorage) and page on the server, watched for problems. */
    Session open(URI base) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 900)
                .setAcceptDownloads(true)
                .setLocale("en-US")
                .setTimezoneId("UTC"));
        context.setDefaultTimeout(15_000);
        Session session = new Session(base, context, context.newPage());
        String origin = base.toString().replaceAll("/+$", "");
        context.route("**/*", route -> {
            String url = route.request().url();
            if (url.startsWith(origin + "/") || url.equals(origin) || url.startsWith("blob:") || url.startsWith("data:")) {
                route.resume();
            } else {
                session.problems.add("request outside the origin: " + url);
                route.abort();
            }
        });
        return session;
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }

    /** One browser tab and what went wrong in it. */
    static final class Session implements AutoCloseable {

        final URI base;
        final BrowserContext context;
        final Page page;
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        private final List<Pattern> expected = new ArrayList<>();

        Session(URI base, BrowserContext context, Page page) {
            this.base = base;
            this.context = context;
            this.page = page;
            page.onConsoleMessage(m -> {
                if (m.type().equals("error") || m.type().equals("warning")) {
                    String text = "console." + m.type() + ": " + m.text() + " (" + m.location() + ")";
                    synchronized (expected) {
                        if (expected.stream().anyMatch(p -> p.matcher(text).find())) {
                            return;
                        }
                    }
                    problems.add(text);
                }
            });
            page.onPageError(e -> problems.add("page error: " + e));
        }

        /**
         * A console error the test provokes on purpose, e.g. Chromium's "Failed to load resource: … 409"
         * for an answer the UI shows as a message.
         */
        void expectConsole(String regex) {
            synchronized (expected) {
                expected.add(Pattern.compile(regex));
            }
        }

        void expectFailedResource(int status) {
            expectConsole("Failed to load resource: the server responded with a status of " + status + "\\b");
        }

        Page goTo(String hash) {
            page.navigate(base.resolve("/" + hash).toString());
            return page;
        }

        Path screenshot(String name) {
            Path file = SCREENSHOTS.resolve(name + ".png");
            page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
            return file;
        }

        @Override
        public void close() {
            context.close();
        }
    }
}

package org.dataanalyst.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dataanalyst.api.ApiToken;
import org.dataanalyst.catalog.internal.JdbcCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first start of a data folder, on a real SQLite catalog; the console is slf4j-simple on stderr. */
class AdminTokenBootstrapTest {

    private static final Pattern SECRET = Pattern.compile("da_[A-Za-z0-9_-]{43}");

    @TempDir
    Path data;

    private JdbcCatalog catalog;
    private CatalogTokenService tokens;

    @BeforeEach
    void start() {
        catalog = new JdbcCatalog(JdbcCatalog.sqliteUrl(data), "", "");
        tokens = new CatalogTokenService(catalog);
    }

    @AfterEach
    void stop() {
        catalog.close();
    }

    /** Starts the bootstrap and returns what it printed on the console. */
    private String bootstrap(int port) {
        PrintStream original = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            new AdminTokenBootstrap(tokens, catalog, port);
        } finally {
            System.setErr(original);
        }
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theFirstStartCreatesOneAdminTokenAndShowsItOnce() {
        String first = bootstrap(8765);

        List<ApiToken> all = tokens.list();
        assertEquals(1, all.size());
        assertEquals("admin", all.get(0).name());
        assertTrue(all.get(0).admin());

        assertTrue(first.contains("http://localhost:8765/"), first);
        assertTrue(first.contains("shown only this once"), first);
        assertTrue(first.contains(AdminTokenBootstrap.CONSOLE_LOGGER), "logged through the console logger: " + first);
        Matcher secret = SECRET.matcher(first);
        assertTrue(secret.find(), first);
        assertEquals(all.get(0), tokens.authenticate(secret.group()).orElseThrow());

        String second = bootstrap(8765);
        assertEquals(1, tokens.list().size());
        assertFalse(SECRET.matcher(second).find(), second);
        assertEquals("", second);
    }

    @Test
    void noTokenIsCreatedWhenOneExists() {
        tokens.create("ci", false);

        assertEquals("", bootstrap(8080));
        assertEquals(1, catalog.activeTokenCount());
    }

    @Test
    void aStartAfterEveryTokenWasRevokedIssuesANewAdminToken() {
        bootstrap(8080);
        tokens.revoke(tokens.list().get(0).id());

        assertTrue(SECRET.matcher(bootstrap(8080)).find());
        assertEquals(1, catalog.activeTokenCount());
    }

    @Test
    void thePortComesFromTheFrameworkProperty() {
        assertEquals(8080, AdminTokenBootstrap.httpPort(null));
        assertEquals(8080, AdminTokenBootstrap.httpPort(" "));
        assertEquals(9090, AdminTokenBootstrap.httpPort("9090"));
        assertEquals(8080, AdminTokenBootstrap.httpPort("http"));
    }
}

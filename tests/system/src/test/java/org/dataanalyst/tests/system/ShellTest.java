package org.dataanalyst.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Gogo console of a platform started in the foreground, as an operator types into it. */
class ShellTest {

    @TempDir
    static Path temp;

    static ServerProcess server;

    @BeforeAll
    static void start() {
        server = ServerProcess.startWithShell(temp.resolve("data"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void standardCommandsWork() {
        String bundles = server.shell("lb");
        assertTrue(bundles.contains("org.dataanalyst.rest") || bundles.contains("data-analyst REST API"), bundles);
        assertTrue(server.shell("scr:list").contains("org.dataanalyst.runs"));
    }

    @Test
    void projectsCanBeManagedFromTheShellAndAreSeenThroughTheApi() {
        String created = server.shell("analyst:createProject -d \"from the shell\" shellproj");
        assertTrue(created.contains("shellproj"), created);
        assertEquals(200, server.api().get("/api/projects").status());
        assertTrue(server.api().get("/api/projects?limit=500").body().contains("shellproj"));
        assertTrue(server.shell("analyst:projects").contains("shellproj"));
        String refused = server.shell("analyst:createProject shellproj");
        assertTrue(refused.contains("error:") && refused.contains("shellproj"), refused);
        server.shell("analyst:deleteProject shellproj");
        assertFalse(server.api().get("/api/projects?limit=500").body().contains("shellproj"));
    }

    @Test
    void tokensCreatedInTheShellWorkForTheApiUntilRevoked() {
        String out = server.shell("analyst:createToken reporting");
        Matcher secret = Pattern.compile("(da_[A-Za-z0-9_-]{20,})").matcher(out);
        assertTrue(secret.find(), out);
        Api user = server.api().withToken(secret.group(1));
        assertEquals(200, user.get("/api/projects").status());
        assertTrue(server.shell("analyst:tokens").contains("reporting"));
        String id = server.api().get("/api/tokens").json().findParents("name").stream()
                .filter(t -> t.get("name").asText().equals("reporting")).findFirst().orElseThrow().get("id").asText();
        server.shell("analyst:revokeToken " + id);
        assertEquals(401, user.get("/api/projects").status());
    }

    @Test
    void helpDescribesTheCommands() {
        String help = server.shell("help analyst:createProject");
        assertTrue(help.toLowerCase().contains("project"), help);
    }
}

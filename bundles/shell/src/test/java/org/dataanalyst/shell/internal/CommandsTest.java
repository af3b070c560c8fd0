package org.dataanalyst.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dataanalyst.api.ApiToken;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.api.run.RunType;
import org.dataanalyst.auth.internal.CatalogTokenService;
import org.dataanalyst.catalog.internal.JdbcCatalog;
import org.dataanalyst.runs.internal.CheckRunType;
import org.dataanalyst.runs.internal.RunEngine;
import org.dataanalyst.workspace.internal.VaultSecretService;
import org.dataanalyst.workspace.internal.WorkspaceProjectService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell commands over the real services: a SQLite catalog, workspace folders, tokens and the run engine. */
class CommandsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    JdbcCatalog catalog;
    WorkspaceProjectService projects;
    CatalogTokenService tokens;
    RunEngine runs;

    ProjectCommands projectCommands;
    RunCommands runCommands;
    TokenCommands tokenCommands;

    @BeforeEach
    void start() {
        catalog = new JdbcCatalog(JdbcCatalog.sqliteUrl(data), "", "");
        projects = new WorkspaceProjectService(catalog, data);
        tokens = new CatalogTokenService(catalog);
        runs = new RunEngine(catalog, projects, 2);
        runs.bindRunType(new CheckRunType(), Map.of(RunType.TYPE_PROPERTY, CheckRunType.NAME));
        projectCommands = new ProjectCommands(projects);
        runCommands = new RunCommands(runs, projects);
        tokenCommands = new TokenCommands(tokens);
    }

    @AfterEach
    void stop() {
        runs.close();
        catalog.close();
    }

    @Test
    void projectsAreCreatedListedShownAndDeleted() {
        assertEquals("0 of 0 projects\n", projectCommands.projects(0, 50));

        String created = projectCommands.createProject("Monthly sales", "sales");
        assertTrue(created.startsWith("created project sales\n"), created);
        Project sales = projects.list(0, 10).items().get(0);
        assertTrue(created.contains("workspace:   " + projects.workspace(sales.id())), created);
        projectCommands.createProject("", "orders");

        String list = projectCommands.projects(0, 50);
        List<String> lines = list.lines().toList();
        assertEquals(List.of("ID", "NAME", "CREATED", "DESCRIPTION"), List.of(lines.get(0).split("\\s{2,}")));
        assertTrue(lines.get(1).startsWith(sales.id() + "  sales "), list);
        assertTrue(lines.get(1).endsWith("Monthly sales"), list);
        assertTrue(lines.get(2).contains("orders"), list);
        assertEquals("2 of 2 projects", lines.get(3));
        assertEquals(lines.get(0).indexOf("NAME"), lines.get(2).indexOf("orders"), "columns are aligned:\n" + list);

        assertTrue(projectCommands.projects(1, 1).endsWith("1 of 2 projects (offset 1)\n"));
        assertEquals(projectCommands.project(sales.id()), projectCommands.project("sales"), "by id or by name");

        assertEquals("deleted project sales (" + sales.id() + ")\n", projectCommands.deleteProject("sales"));
        assertFalse(projectCommands.projects(0, 50).contains("sales"));
    }

    @Test
    void refusalsAreOneLine() {
        projectCommands.createProject("", "sales");
        assertOneLineError(projectCommands.createProject("", "sales"));
        assertOneLineError(projectCommands.createProject("", "no spaces allowed"));
        assertOneLineError(projectCommands.project("nope"));
        assertOneLineError(projectCommands.deleteProject("nope"));
        assertOneLineError(projectCommands.projects(0, 501));
        assertOneLineError(runCommands.runs(0, 50, "nope"));
        assertOneLineError(runCommands.run("sales", "no-such-run"));
        assertOneLineError(tokenCommands.revokeToken("no-such-token"));
        assertOneLineError(tokenCommands.createToken(false, " "));
        assertTrue(projectCommands.project("nope").contains("'nope'"));
    }

    @Test
    void runsAreListedShownAndCancelled() {
        projectCommands.createProject("", "sales");
        Project sales = projects.list(0, 1).items().get(0);
        Run quick = runs.submit(sales.id(), new RunRequest("check", null, null, Map.of(), false)).run();
        await(() -> runs.get(sales.id(), quick.id()), r -> r.status() == RunStatus.SUCCEEDED);
        Run held = runs.submit(sales.id(), new RunRequest("check", null, null, Map.of("hold_seconds", 600), false)).run();
        await(() -> runs.get(sales.id(), held.id()), r -> r.status() == RunStatus.RUNNING);

        String list = runCommands.runs(0, 50, "sales");
        List<String> lines = list.lines().toList();
        assertTrue(lines.get(0).startsWith("ID"), list);
        assertTrue(lines.get(1).startsWith(held.id()) && lines.get(1).contains("running"), "newest first:\n" + list);
        assertTrue(lines.get(2).startsWith(quick.id()) && lines.get(2).contains("succeeded  100%"), list);
        assertEquals("2 of 2 runs of project sales", lines.get(3));

        String shown = runCommands.run("sales", quick.id());
        assertTrue(shown.contains("status:    succeeded"), shown);
        assertTrue(shown.contains("type:      check"), shown);
        assertTrue(shown.contains(CheckRunType.REPORT_FILE), "lists the artifacts:\n" + shown);

        String cancelled = runCommands.cancelRun(sales.id(), held.id());
        assertTrue(cancelled.startsWith("run " + held.id() + " is "), cancelled);
        await(() -> runs.get(sales.id(), held.id()), r -> r.status() == RunStatus.CANCELLED);
        assertTrue(runCommands.run("sales", held.id()).contains("status:    cancelled"));
        assertTrue(runCommands.runTypes().contains("check"));
    }

    @Test
    void aTokenSecretIsShownOnceAndWorksUntilRevoked() {
        String created = tokenCommands.createToken(true, "ci");
        Matcher secret = Pattern.compile("(?m)^(da_\\S+)$").matcher(created);
        assertTrue(secret.find(), created);
        Optional<ApiToken> token = tokens.authenticate(secret.group(1));
        assertTrue(token.isPresent());
        assertTrue(token.get().admin());
        assertTrue(created.startsWith("created admin token ci (id " + token.get().id() + ")"), created);

        String list = tokenCommands.tokens();
        assertTrue(list.lines().anyMatch(l -> l.startsWith(token.get().id()) && l.contains("ci") && l.contains("yes")), list);
        assertFalse(list.contains(secret.group(1)), "never the secret");

        assertEquals("revoked token " + token.get().id() + "\n", tokenCommands.revokeToken(token.get().id()));
        assertTrue(tokens.authenticate(secret.group(1)).isEmpty());
        assertFalse(tokenCommands.tokens().contains(token.get().id()));
        assertTrue(tokenCommands.createToken(false, "reader").startsWith("created token reader"));
    }

    @Test
    void secretsAreStoredListedByNameOnlyAndDeleted() throws Exception {
        projectCommands.createProject("", "shop");
        Project shop = projects.list(0, 1).items().get(0);
        VaultSecretService vault = new VaultSecretService(projects, data, "", Map.of());
        SecretCommands secretCommands = new SecretCommands(vault, projects);
        assertEquals("project shop has no secrets\n", secretCommands.secrets("shop"));

        assertEquals("stored secret pg of project shop; reference it as ${secret:pg}\n",
                secretCommands.setSecret("shop", "pg", "s3cr3t-value"));
        assertEquals("s3cr3t-value", vault.value(shop.id(), "pg"), "stored for the platform to use");
        assertEquals("replaced secret pg of project shop; reference it as ${secret:pg}\n",
                secretCommands.setSecret(shop.id(), "pg", "n3w-value"));
        assertEquals("n3w-value", vault.value(shop.id(), "pg"));

        String list = secretCommands.secrets("shop");
        List<String> lines = list.lines().toList();
        assertEquals(List.of("NAME", "CREATED", "UPDATED", "USE AS"), List.of(lines.get(0).split("\\s{2,}")));
        assertTrue(lines.get(1).startsWith("pg  ") && lines.get(1).endsWith("${secret:pg}"), list);
        assertFalse(list.contains("value"), "never a value:\n" + list);

        assertOneLineError(secretCommands.setSecret("shop", "no spaces", "x"));
        assertOneLineError(secretCommands.setSecret("nope", "pg", "x"));
        assertFalse(secretCommands.setSecret("shop", "bad name!", "s3cr3t-value").contains("s3cr3t-value"));
        assertEquals("deleted secret pg of project shop\n", secretCommands.deleteSecret("shop", "pg"));
        assertOneLineError(secretCommands.deleteSecret("shop", "pg"));
        assertEquals("project shop has no secrets\n", secretCommands.secrets("shop"));
    }

    private static void assertOneLineError(String output) {
        assertTrue(output.startsWith("error: "), output);
        assertEquals(1, output.lines().count(), output);
    }

    /** Polls the run engine (which runs on its own threads) until the condition holds. */
    private static <T> T await(Supplier<T> value, java.util.function.Predicate<T> condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            T current = value.get();
            if (condition.test(current)) {
                return current;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting; last: " + current);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}

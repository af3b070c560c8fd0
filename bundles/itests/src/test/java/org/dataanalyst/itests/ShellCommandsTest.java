package org.dataanalyst.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.dataset.DatasetService;
import org.dataanalyst.api.plugin.PluginService;
import org.dataanalyst.api.project.ProjectService;
import org.dataanalyst.api.secret.SecretService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The {@code analyst:*} dataset, connector, secret and plugin commands as a console user runs them: through the
 * platform's Gogo command processor, over the real services of the running platform.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ShellCommandsTest {

    static final String POSTGRES = "org.dataanalyst.connector.postgres";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 30_000)
    CommandProcessor processor;

    @InjectService
    ProjectService projects;

    @InjectService(timeout = 30_000)
    DatasetService datasets;

    @InjectService(timeout = 30_000)
    SecretService secrets;

    @InjectService(timeout = 30_000)
    PluginService plugins;

    Project project;
    CommandSession session;

    @BeforeEach
    void start() throws Exception {
        project = projects.create("shell-" + UUID.randomUUID().toString().substring(0, 8), "");
        Path raw = projects.workspace(project.id()).resolve("raw");
        Files.createDirectories(raw);
        Files.writeString(raw.resolve("orders.csv"), "id;customer\n1;ada\n2;grace\n3;linus\n", StandardCharsets.UTF_8);
        for (String function : new String[] {"ingest", "secrets", "plugins"}) {
            awaitCommand(function);
        }
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
    }

    @AfterEach
    void stop() throws Exception {
        if (session != null) {
            session.close();
        }
        projects.delete(project.id());
        if (Arrays.stream(context.getBundles()).noneMatch(b -> POSTGRES.equals(b.getSymbolicName()))) {
            try (InputStream jar = Files.newInputStream(postgresJar())) {
                plugins.install("org.dataanalyst.connector.postgres.jar", jar);
            }
        }
    }

    @Test
    void aCsvIsIngestedWithOptionsFollowedToItsEndAndShown() throws Exception {
        String name = project.name();

        String ingested = exec("analyst:ingest " + name + " orders csv raw/orders.csv -o header=true -o 'delimiter=;' --wait");

        Matcher run = Pattern.compile("^ingest run (r\\S+) queued for dataset orders \\((d\\S+), new\\)$", Pattern.MULTILINE)
                .matcher(ingested);
        assertTrue(run.find(), ingested);
        assertTrue(ingested.contains("run " + run.group(1) + " succeeded after "), ingested);
        assertTrue(ingested.contains(": version 1 of orders, 3 rows, 2 columns"), ingested);

        String list = exec("analyst:datasets " + name);
        assertTrue(list.lines().anyMatch(l -> l.startsWith(run.group(2) + "  orders") && l.contains("succeeded")), list);
        assertTrue(list.endsWith("1 of 1 datasets of project " + name + "\n"), list);

        String shown = exec("analyst:dataset " + name + " orders");
        assertEquals(shown, exec("analyst:dataset " + name + " " + run.group(2)), "by name or by id");
        assertTrue(shown.lines().anyMatch(l -> l.matches("latest:\\s+version 1, 3 rows, 2 columns.*")), shown);
        assertTrue(shown.contains("schema of version 1:"), shown);
        assertTrue(shown.lines().anyMatch(l -> l.matches("2\\s+customer\\s+VARCHAR\\s+yes")), shown);
        assertTrue(shown.contains("source of version 1:") && shown.contains("raw/orders.csv"), shown);
        String source = shown.substring(shown.indexOf("source of version 1:"), shown.indexOf("schema of version 1:"));
        assertTrue(source.lines().skip(1).allMatch(l -> l.isEmpty() || l.matches("  [a-z_]+:\\s.*")),
                "one line per source entry:\n" + source);
        assertTrue(shown.lines().anyMatch(l -> l.startsWith("1  ") && l.contains(run.group(1))), "versions:\n" + shown);

        String again = exec("analyst:ingest " + name + " orders csv raw/orders.csv --force");
        assertTrue(again.startsWith("ingest run r") && again.contains("follow it with: analyst:run " + name + " r"), again);
    }

    @Test
    void rulesAreDeclaredAndAProfileEvaluatesThemAndIsShownOnTheDataset() throws Exception {
        String name = project.name();
        awaitCommand("setRules");
        exec("analyst:ingest " + name + " orders csv raw/orders.csv -o header=true -o 'delimiter=;' --wait");
        assertTrue(exec("analyst:rules " + name + " orders").startsWith("no rules declared for orders"));
        assertTrue(exec("analyst:profilers").lines().anyMatch(l -> l.startsWith("quality ") && l.contains("not_null")),
                "the rule types are listed");

        String set = exec("analyst:setRules " + name + " orders '[{\"type\": \"unique\", \"column\": \"id\"}, "
                + "{\"type\": \"allowed_values\", \"column\": \"customer\", \"values\": [\"ada\", \"grace\"], "
                + "\"severity\": \"warn\"}]'");
        assertTrue(set.startsWith("rules of orders replaced"), set);
        String shown = exec("analyst:rules " + name + " orders");
        assertTrue(shown.lines().anyMatch(l -> l.matches("1\\s+unique\\s+id\\s+fail.*")), shown);
        assertTrue(shown.lines().anyMatch(l -> l.matches("2\\s+allowed_values\\s+customer\\s+warn.*values=\\[ada, grace\\].*")),
                shown);

        String refused = exec("analyst:setRules " + name + " orders '[{\"type\": \"not_null\", \"column\": \"nope\"}]'");
        assertEquals(1, refused.strip().lines().count(), refused);
        assertTrue(refused.contains("rule 1 (not_null): this version has no column 'nope'"), refused);
        assertEquals(shown, exec("analyst:rules " + name + " orders"), "a refused list changes nothing");

        String profiled = exec("analyst:profile --wait " + name + " orders");
        assertTrue(profiled.contains(" succeeded after "), profiled);
        String dataset = exec("analyst:dataset " + name + " orders");
        // linus is not an allowed customer: the warn-severity rule warns
        assertTrue(dataset.lines().anyMatch(l -> l.matches("last profile:\\s+r\\S+ succeeded \\(version 1\\): .*checks \\d+ pass, 1 warn, 0 fail.*")),
                dataset);
        String list = exec("analyst:datasets " + name);
        assertTrue(list.lines().findFirst().orElseThrow().endsWith("LAST PROFILE"), list);
        // the last ingest and the last profile both succeeded
        assertTrue(list.lines().anyMatch(l -> l.contains(" orders ") && l.split("succeeded", -1).length == 3), list);
    }

    @Test
    void refusalsAreOneLineAndNameTheProblem() throws Exception {
        String name = project.name();
        assertEquals("error: option header must be true or false, was 'maybe'\n",
                exec("analyst:ingest " + name + " orders csv raw/orders.csv -o header=maybe"));
        String unknownKind = exec("analyst:ingest " + name + " orders nosuchkind raw/orders.csv");
        assertTrue(unknownKind.startsWith("error: ") && unknownKind.contains("csv"), "lists the known kinds: " + unknownKind);
        assertTrue(exec("analyst:ingest " + name + " orders csv").startsWith("error: expected <project> <name> <kind> "
                + "<location>, got 3 words"));
        assertTrue(exec("analyst:ingest " + name + " orders csv raw/orders.csv --on-error later")
                .startsWith("error: --on-error must be fail or skip"));
        assertTrue(exec("analyst:dataset " + name + " nosuch").startsWith("error: project " + name + " has no dataset"));
        assertEquals(1, exec("analyst:datasets nosuchproject").lines().count());
    }

    @Test
    void connectorsAndSecretsAreListedSecretsNeverShown() throws Exception {
        String connectors = exec("analyst:connectors");
        for (String expected : new String[] {"csv", "parquet", "postgres", "sqlite", "org.dataanalyst.connector.files",
                "header"}) {
            assertTrue(connectors.contains(expected), expected + " in:\n" + connectors);
        }

        String csv = exec("analyst:connectors csv");
        assertTrue(csv.lines().anyMatch(l -> l.matches("header\\s+boolean\\s+Whether the first line.*")), csv);
        assertTrue(exec("analyst:connectors nosuch").startsWith("error: no running connector reads kind 'nosuch'; "
                + "known kinds: csv"));

        String name = project.name();
        assertEquals("stored secret pg of project " + name + "; reference it as ${secret:pg}\n",
                exec("analyst:setSecret " + name + " pg 'pa$$ word'"));
        assertEquals("pa$$ word", secrets.value(project.id(), "pg"), "single quotes keep the value as typed");
        String list = exec("analyst:secrets " + name);
        assertTrue(list.contains("pg") && !list.contains("pa$$"), list);
        assertEquals("deleted secret pg of project " + name + "\n", exec("analyst:deleteSecret " + name + " pg"));
    }

    @Test
    void aBuiltinConnectorIsUninstalledAndInstalledAgainFromTheConsole() throws Exception {
        String listed = exec("analyst:plugins");
        assertTrue(listed.lines().anyMatch(l -> l.contains(POSTGRES) && l.contains(" yes ")), listed);

        String uninstalled = exec("analyst:uninstallPlugin " + POSTGRES);
        assertTrue(uninstalled.startsWith("uninstalled built-in plugin " + POSTGRES) && uninstalled.contains("until the next start"),
                uninstalled);
        assertFalse(exec("analyst:connectors").contains("postgres"));

        String installed = exec("analyst:installPlugin " + postgresJar());
        assertTrue(installed.startsWith("installed built-in plugin " + POSTGRES), installed);
        assertTrue(installed.contains("location:") && installed.contains("builtin:" + POSTGRES), installed);
        assertTrue(exec("analyst:connectors").contains("postgres"));
    }

    // ----------------------------------------------------------------------------------------------------------------

    private String exec(String line) throws Exception {
        Object result = session.execute(line);
        assertNotNull(result, line);
        return result.toString();
    }

    private static Path postgresJar() {
        String path = System.getProperty("itest.connector.postgres.jar");
        assertNotNull(path, "system property itest.connector.postgres.jar (test.bndrun)");
        Path jar = Path.of(path);
        assertTrue(Files.isRegularFile(jar), "the connector jar copied by the pom: " + jar);
        return jar;
    }

    /** Gogo picks up commands as services; wait (bounded) until the one named is registered. */
    private void awaitCommand(String function) throws InvalidSyntaxException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (context.getServiceReferences((String) null, "(&(osgi.command.scope=analyst)(osgi.command.function="
                + function + "))") == null) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("analyst:" + function + " was not registered within " + TIMEOUT.toSeconds() + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}

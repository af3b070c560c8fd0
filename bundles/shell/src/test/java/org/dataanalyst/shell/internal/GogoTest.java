package org.dataanalyst.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.dataanalyst.auth.internal.CatalogTokenService;
import org.dataanalyst.catalog.internal.JdbcCatalog;
import org.dataanalyst.runs.internal.RunEngine;
import org.dataanalyst.workspace.internal.WorkspaceProjectService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The commands as Gogo sees them: registered under the scope and functions of their generated component
 * descriptions (OSGI-INF/*.xml, from {@code @GogoCommand}) and called through a real Gogo command processor, with
 * options, quoting and Gogo's type conversion.
 */
class GogoTest {

    private static final List<Class<?>> COMMANDS = List.of(ProjectCommands.class, RunCommands.class,
            PluginCommands.class, TokenCommands.class, DatasetCommands.class, SecretCommands.class);

    @TempDir
    Path data;

    JdbcCatalog catalog;
    RunEngine runs;
    ThreadIOImpl threadIO;
    CommandProcessorImpl processor;
    CommandSession session;

    @BeforeEach
    void start() throws Exception {
        catalog = new JdbcCatalog(JdbcCatalog.sqliteUrl(data), "", "");
        WorkspaceProjectService projects = new WorkspaceProjectService(catalog, data);
        runs = new RunEngine(catalog, projects, 1);
        threadIO = new ThreadIOImpl();
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        register(new ProjectCommands(projects));
        register(new RunCommands(runs, projects));
        register(new TokenCommands(new CatalogTokenService(catalog)));
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
    }

    @AfterEach
    void stop() {
        session.close();
        threadIO.stop();
        runs.close();
        catalog.close();
    }

    @Test
    void everyFunctionIsAMethodWithHelpOnItAndItsParameters() throws Exception {
        for (Class<?> type : COMMANDS) {
            Map.Entry<String, List<String>> declared = commandProperties(type);
            assertEquals("analyst", declared.getKey(), type.getName());
            for (String function : declared.getValue()) {
                List<Method> methods = Arrays.stream(type.getMethods())
                        .filter(m -> m.getName().equalsIgnoreCase(function)).toList();
                assertFalse(methods.isEmpty(), "no method for analyst:" + function);
                for (Method method : methods) {
                    assertNotNull(method.getAnnotation(Descriptor.class), "help text on " + method);
                    assertEquals(String.class, method.getReturnType(), "returns its output: " + method);
                    for (Parameter parameter : method.getParameters()) {
                        assertNotNull(parameter.getAnnotation(Descriptor.class), "help text on " + parameter + " of " + method);
                    }
                }
            }
        }
    }

    @Test
    void commandsRunThroughGogoWithOptionsAndQuotes() throws Exception {
        String created = (String) session.execute("analyst:createProject --description \"Monthly sales\" sales");
        assertTrue(created.startsWith("created project sales"), created);
        session.execute("analyst:createProject orders");

        String page = (String) session.execute("analyst:projects -l 1 --offset 1");
        assertTrue(page.contains("orders") && !page.contains("Monthly sales"), page);
        assertTrue(page.endsWith("1 of 2 projects (offset 1)\n"), page);
        assertTrue(((String) session.execute("analyst:project sales")).contains("Monthly sales"));
        assertTrue(((String) session.execute("analyst:runs sales")).contains("0 of 0 runs of project sales"));
        assertTrue(((String) session.execute("analyst:deleteproject orders")).startsWith("deleted project orders"),
                "Gogo matches names ignoring case");

        String token = (String) session.execute("analyst:createToken --admin ci");
        Matcher id = Pattern.compile("\\(id (\\S+)\\)").matcher(token);
        assertTrue(token.startsWith("created admin token ci") && id.find(), token);
        assertTrue(((String) session.execute("analyst:createToken reader")).startsWith("created token reader"));
        String tokens = (String) session.execute("analyst:tokens");
        assertTrue(tokens.lines().anyMatch(l -> l.contains("reader") && l.contains(" no ")), tokens);
        assertEquals("revoked token " + id.group(1) + "\n", session.execute("analyst:revokeToken " + id.group(1)));

        assertEquals("error: no project with id or name 'nope'\n", session.execute("analyst:project nope"));
    }

    private void register(Object commands) throws Exception {
        Map.Entry<String, List<String>> declared = commandProperties(commands.getClass());
        for (String function : declared.getValue()) {
            processor.addCommand(declared.getKey(), commands, function);
        }
    }

    /** @return osgi.command.scope and osgi.command.function as bnd wrote them into the component description */
    private static Map.Entry<String, List<String>> commandProperties(Class<?> type) throws Exception {
        String name = "OSGI-INF/" + type.getName() + ".xml";
        try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            NodeList properties = xml.getElementsByTagName("property");
            String scope = null;
            List<String> functions = new ArrayList<>();
            for (int i = 0; i < properties.getLength(); i++) {
                Element property = (Element) properties.item(i);
                switch (property.getAttribute("name")) {
                    case "osgi.command.scope" -> scope = property.getAttribute("value");
                    case "osgi.command.function" -> {
                        String value = property.hasAttribute("value") ? property.getAttribute("value") : property.getTextContent();
                        value.lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(functions::add);
                    }
                    default -> {
                    }
                }
            }
            return Map.entry(scope, functions);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

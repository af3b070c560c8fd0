package org.dataanalyst.workspace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.dataanalyst.api.ConflictException;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.project.ProjectEnvironment;
import org.dataanalyst.catalog.internal.JdbcCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project service on a real SQLite catalog and real folders. */
class WorkspaceProjectServiceTest {

    @TempDir
    Path data;
    @TempDir
    Path outside;

    private JdbcCatalog catalog;
    private WorkspaceProjectService service;

    @BeforeEach
    void start() {
        catalog = new JdbcCatalog(JdbcCatalog.sqliteUrl(data), "", "");
        service = new WorkspaceProjectService(catalog, data);
    }

    @AfterEach
    void stop() {
        catalog.close();
    }

    private Path projects() {
        return data.resolve("projects");
    }

    private Set<String> projectFolderEntries() throws IOException {
        try (Stream<Path> entries = Files.list(projects())) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    /** Runs SQL on the catalog file behind the service's back. */
    private void sql(String sql) throws SQLException {
        try (Connection connection = new org.sqlite.JDBC().connect(JdbcCatalog.sqliteUrl(data), new Properties());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    // --- create ---

    @Test
    void createProvisionsTheWorkspace() throws Exception {
        Project project = service.create("sales", "Orders and customers\n\tby region");

        assertTrue(project.id().matches("p[a-z2-7]{12}"), project.id());
        assertEquals("sales", project.name());
        assertEquals(project, service.get(project.id()));
        assertEquals(project, catalog.project(project.id()).orElseThrow());

        Path root = service.workspace(project.id());
        assertEquals(projects().resolve(project.id()), root);
        for (String folder : List.of("secrets", "raw", "staging", "runs", "metadata")) {
            assertTrue(Files.isDirectory(root.resolve(folder)), folder);
        }
        if (Files.getFileStore(root).supportsFileAttributeView("posix")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("secrets"))));
        }
        assertEquals(Set.of(project.id()), projectFolderEntries());

        @SuppressWarnings("unchecked")
        Map<String, Object> json = new ObjectMapper().readValue(root.resolve("project.json").toFile(), Map.class);
        assertEquals(Map.of("format_version", 1, "name", "sales", "description", "Orders and customers\n\tby region",
                "engine", Map.of(), "variables", Map.of(), "plugins", Map.of()), json);
        assertEquals(new ProjectEnvironment(1, "sales", "Orders and customers\n\tby region", Map.of(), Map.of(), Map.of()),
                service.environment(project.id()));
    }

    @Test
    void invalidNamesAreRefusedAndNothingIsWritten() throws Exception {
        for (String name : new String[] {null, "", " ", "-sales", ".hidden", "a b", "../x", "x/y", "ä", "x".repeat(65)}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> service.create(name, ""), name);
            assertTrue(e.getMessage().contains(Project.NAME_PATTERN), e.getMessage());
        }
        service.create("x".repeat(64), null);
        service.create("Sales_2025.v1-final", null);
        assertEquals(2, projectFolderEntries().size());
        assertEquals(2, catalog.projects(0, 10).total());
    }

    @Test
    void invalidDescriptionsAreRefused() throws Exception {
        assertThrows(InvalidRequestException.class, () -> service.create("a", "x".repeat(2001)));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> service.create("b", "bell\u0007"));
        assertTrue(e.getMessage().contains("U+0007"), e.getMessage());
        assertThrows(InvalidRequestException.class, () -> service.create("c", "nul\u0000"));
        assertThrows(InvalidRequestException.class, () -> service.create("d", "cr\ronly"));
        assertEquals(Set.of(), projectFolderEntries());
        assertEquals(0, catalog.projects(0, 10).total());

        assertEquals("x".repeat(2000), service.create("e", "x".repeat(2000)).description());
        assertEquals("line\nline", service.create("f", "line\r\nline").description());
        assertEquals("emoji \uD83D\uDE00", service.create("g", "emoji \uD83D\uDE00").description());

        WorkspaceProjectService strict = new WorkspaceProjectService(catalog, data, 5);
        assertThrows(InvalidRequestException.class, () -> strict.create("h", "123456"));
    }

    @Test
    void aDuplicateNameIsAConflictAndNothingIsWritten() throws Exception {
        Project sales = service.create("sales", "");

        ConflictException e = assertThrows(ConflictException.class, () -> service.create("sales", "again"));
        assertTrue(e.getMessage().contains("'sales'"), e.getMessage());
        assertEquals(Set.of(sales.id()), projectFolderEntries());
        assertEquals(1, catalog.projects(0, 10).total());
    }

    @Test
    void aFailingCatalogInsertLeavesNothing() throws Exception {
        sql("CREATE TRIGGER no_more BEFORE INSERT ON projects BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");

        assertThrows(RuntimeException.class, () -> service.create("sales", ""));

        assertEquals(Set.of(), projectFolderEntries());
        assertEquals(0, catalog.projects(0, 10).total());
    }

    @Test
    void aDuplicateCreatedBehindTheServicesBackAfterTheCheckLeavesNothing() throws Exception {
        // A racing row appears between the name checks and the insert (SQLite then undoes the racing
        // row together with the failed statement, so only the outcome for us is observable).
        sql("CREATE TRIGGER racer BEFORE INSERT ON projects WHEN NEW.id <> 'other-node' BEGIN "
                + "INSERT INTO projects (id, name, description, created_at) VALUES ('other-node', NEW.name, '', NEW.created_at); END");

        assertThrows(ConflictException.class, () -> service.create("sales", ""));

        assertEquals(Set.of(), projectFolderEntries());
        assertEquals(0, catalog.projects(0, 10).total());
    }

    @Test
    void aFailingFolderLeavesNoCatalogRow() throws Exception {
        Files.delete(projects());
        Files.writeString(projects(), "not a folder");

        assertThrows(RuntimeException.class, () -> service.create("sales", ""));

        assertEquals(0, catalog.projects(0, 10).total());
    }

    // --- read ---

    @Test
    void unknownProjectsAreNotFound() {
        assertThrows(NotFoundException.class, () -> service.get("pnope"));
        assertThrows(NotFoundException.class, () -> service.workspace("pnope"));
        assertThrows(NotFoundException.class, () -> service.environment("pnope"));
        assertThrows(NotFoundException.class, () -> service.resolveInside("pnope", "raw"));
        assertThrows(NotFoundException.class, () -> service.delete("pnope"));
        assertThrows(NotFoundException.class, () -> service.workspace("../projects"));
    }

    @Test
    void listIsPaged() {
        Project a = service.create("a", "");
        Project b = service.create("b", "");
        service.create("c", "");

        Page<Project> page = service.list(0, 2);
        assertEquals(List.of(a, b), page.items());
        assertEquals(3, page.total());
        assertThrows(InvalidRequestException.class, () -> service.list(0, 501));
        assertThrows(InvalidRequestException.class, () -> service.list(-1, 10));
    }

    // --- delete ---

    @Test
    void deleteRemovesTheRowAndTheFolder() throws Exception {
        Project sales = service.create("sales", "");
        Project hr = service.create("hr", "");
        Path raw = service.workspace(sales.id()).resolve("raw");
        Files.writeString(raw.resolve("orders.csv"), "id\n1\n");
        Files.createSymbolicLink(raw.resolve("link-out"), outside);
        Files.writeString(outside.resolve("keep.txt"), "not the project's");

        service.delete(sales.id());

        assertThrows(NotFoundException.class, () -> service.get(sales.id()));
        assertEquals(Set.of(hr.id()), projectFolderEntries());
        assertTrue(Files.exists(outside.resolve("keep.txt")), "deletion must not follow links out of the workspace");
        assertThrows(NotFoundException.class, () -> service.delete(sales.id()));
        service.create("sales", "the name is free again");
    }

    @Test
    void startingTidiesWhatAnInterruptedCreateOrDeleteLeft() throws Exception {
        Files.createDirectories(projects().resolve(".tmp-pabandoned/raw"));
        Files.createDirectories(projects().resolve(".trash-pdeleted/raw"));
        Files.writeString(projects().resolve(".trash-pdeleted/raw/x.csv"), "x");
        // crashed after the catalog insert, before the rename
        catalog.insertProject(new Project("pinterrupted", "half", "", Instant.now()));
        Files.createDirectories(projects().resolve(".tmp-pinterrupted/raw"));

        new WorkspaceProjectService(catalog, data);

        assertEquals(Set.of("pinterrupted"), projectFolderEntries());
        assertTrue(Files.isDirectory(projects().resolve("pinterrupted/raw")));
    }

    // --- paths ---

    @Test
    void pathsResolveInsideTheWorkspace() throws Exception {
        Project p = service.create("sales", "");
        Path root = service.workspace(p.id());

        assertEquals(root.resolve("raw/orders.csv"), service.resolveInside(p.id(), "raw/orders.csv"));
        assertEquals(root.resolve("raw/new/deep/file.csv"), service.resolveInside(p.id(), "raw/new/deep/file.csv"));
        assertEquals(root.resolve("raw/x.csv"), service.resolveInside(p.id(), "staging/../raw/./x.csv"));
        assertEquals(root, service.resolveInside(p.id(), "."));
    }

    @Test
    void pathsLeadingOutsideAreRefused() throws Exception {
        Project p = service.create("sales", "");
        Project other = service.create("other", "");
        Path root = service.workspace(p.id());
        Files.createSymbolicLink(root.resolve("raw/out"), outside);
        Files.createSymbolicLink(root.resolve("raw/neighbour"), service.workspace(other.id()));
        Files.createSymbolicLink(root.resolve("raw/broken"), outside.resolve("missing"));
        Files.createSymbolicLink(root.resolve("raw/inner"), root.resolve("staging"));
        Files.writeString(outside.resolve("secret.txt"), "x", StandardCharsets.UTF_8);

        for (String path : new String[] {"", " ", "../other", "raw/../../x", "..", "/etc/passwd", outside.toString(),
                "raw/out", "raw/out/secret.txt", "raw/out/new.csv", "raw/neighbour/project.json", "raw/broken",
                "raw/broken/x", "raw/\u0000x", "../" + other.id() + "/raw"}) {
            assertThrows(InvalidRequestException.class, () -> service.resolveInside(p.id(), path), path);
        }
        assertEquals(root.resolve("raw/inner/x.parquet"), service.resolveInside(p.id(), "raw/inner/x.parquet"));
        assertFalse(Files.exists(root.resolve("raw/inner/x.parquet")));
    }
}

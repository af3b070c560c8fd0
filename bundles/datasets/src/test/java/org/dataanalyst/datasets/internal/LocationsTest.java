package org.dataanalyst.datasets.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dataanalyst.api.InvalidRequestException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocationsTest {

    @TempDir
    Path dir;

    private Path workspace;
    private Path imports;
    private Path outside;
    private List<Path> roots;

    @BeforeEach
    void setUp() throws Exception {
        workspace = Files.createDirectories(dir.resolve("ws")).toRealPath();
        imports = Files.createDirectories(dir.resolve("imports")).toRealPath();
        outside = Files.createDirectories(dir.resolve("outside")).toRealPath();
        roots = List.of(imports);
        Files.createDirectories(workspace.resolve("raw/u1"));
        Files.writeString(workspace.resolve("raw/u1/orders.csv"), "a\n1\n");
        Files.writeString(imports.resolve("shop.csv"), "a\n1\n");
        Files.writeString(outside.resolve("secret.csv"), "a\n1\n");
    }

    @Test
    void pathsAreToldFromUrlsAndConnectionStrings() {
        assertTrue(Locations.isPath("raw/u1/orders.csv"));
        assertTrue(Locations.isPath("/data/imports/x.csv"));
        assertTrue(Locations.isPath("file:///data/imports/x.csv"));
        assertFalse(Locations.isPath("postgresql://db/shop"));
        assertFalse(Locations.isPath("jdbc:sqlite:/data/x.db"));
        assertFalse(Locations.isPath("host=db dbname=shop"));
        assertFalse(Locations.isPath(null));
        assertFalse(Locations.isPath(" "));
    }

    @Test
    void workspaceRelativeAndImportRootPathsResolve() {
        assertEquals(workspace.resolve("raw/u1/orders.csv"), Locations.resolveFile("raw/u1/orders.csv", workspace, roots));
        assertEquals(imports.resolve("shop.csv"), Locations.resolveFile(imports.resolve("shop.csv").toString(), workspace, roots));
        assertEquals(imports.resolve("shop.csv"), Locations.resolveFile("file://" + imports.resolve("shop.csv"), workspace, roots));
        assertDoesNotThrow(() -> Locations.check("raw/u1/orders.csv", workspace, roots));
        assertDoesNotThrow(() -> Locations.check("postgresql://u:p@db/shop", workspace, roots));
        assertDoesNotThrow(() -> Locations.check("raw/u1/*.csv", workspace, roots));
    }

    @Test
    void serverPathsOutsideTheImportRootsAreRefused() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> Locations.check(outside.resolve("secret.csv").toString(), workspace, roots));
        assertTrue(e.getMessage().contains("outside the allowed import folders"), e.getMessage());
        assertTrue(e.getMessage().contains("import_roots"), e.getMessage());
        // a missing file outside is refused the same way: nothing is revealed about what exists there
        InvalidRequestException missing = assertThrows(InvalidRequestException.class,
                () -> Locations.check(outside.resolve("nope.csv").toString(), workspace, roots));
        assertTrue(missing.getMessage().contains("outside the allowed import folders"), missing.getMessage());
        assertThrows(InvalidRequestException.class, () -> Locations.check(imports + "/../outside/secret.csv", workspace, roots));
        assertThrows(InvalidRequestException.class, () -> Locations.check(workspace.resolve("raw/u1/orders.csv").toString(),
                workspace, roots), "the workspace is not an import root for absolute paths");
    }

    @Test
    void relativePathsMustStayInsideTheWorkspace() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> Locations.check("../outside/secret.csv", workspace, roots));
        assertTrue(e.getMessage().contains("outside the project workspace"), e.getMessage());
        assertThrows(InvalidRequestException.class, () -> Locations.check("raw/../../outside/*.csv", workspace, roots));
    }

    @Test
    void symbolicLinksAreResolvedBeforeTheCheck() throws Exception {
        Files.createSymbolicLink(imports.resolve("link.csv"), outside.resolve("secret.csv"));
        Files.createSymbolicLink(workspace.resolve("raw/escape"), outside);
        Files.createSymbolicLink(imports.resolve("inner.csv"), imports.resolve("shop.csv"));
        assertThrows(InvalidRequestException.class, () -> Locations.check(imports.resolve("link.csv").toString(), workspace, roots));
        assertThrows(InvalidRequestException.class, () -> Locations.check("raw/escape/secret.csv", workspace, roots));
        assertThrows(InvalidRequestException.class, () -> Locations.check("raw/escape/new.csv", workspace, roots));
        assertEquals(imports.resolve("shop.csv"), Locations.resolveFile(imports.resolve("inner.csv").toString(), workspace, roots));
    }

    @Test
    void missingFilesAreNamed() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Locations.check("raw/u1/nope.csv", workspace, roots));
        assertTrue(e.getMessage().startsWith("no such file: raw/u1/nope.csv"), e.getMessage());
        assertThrows(InvalidRequestException.class, () -> Locations.check(imports.resolve("nope.csv").toString(), workspace, roots));
        assertThrows(InvalidRequestException.class, () -> Locations.check("raw/u9/*.csv", workspace, roots));
    }
}

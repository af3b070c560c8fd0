package org.dataanalyst.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void everyScriptInTheFolderIsListedInOrder() throws Exception {
        List<String> files;
        try (Stream<Path> list = Files.list(folder())) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
        }
        assertEquals(files, Migrations.SCRIPTS);
        assertEquals(files.size(), Migrations.scripts().size());
        assertEquals(files.size(), Migrations.latestVersion());
    }

    @Test
    void scriptsAreSplitIntoStatements() {
        String script = """
                -- a comment; with a semicolon;
                CREATE TABLE a (
                    id TEXT PRIMARY KEY
                );

                CREATE INDEX a_id ON a (id);
                """;
        assertEquals(List.of("CREATE TABLE a (\nid TEXT PRIMARY KEY\n)", "CREATE INDEX a_id ON a (id)"),
                Migrations.statements(script));
        assertThrows(IllegalStateException.class, () -> Migrations.statements("CREATE TABLE b (id TEXT)"));
    }

    private static int version(String name) {
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private static Path folder() throws URISyntaxException {
        return Path.of(MigrationsTest.class.getClassLoader().getResource(Migrations.FOLDER).toURI());
    }
}

package org.dataanalyst.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog contract on SQLite, each test on a fresh file. */
class SqliteCatalogTest extends CatalogContractTest {

    @TempDir
    Path dir;

    @Override
    protected Target createDatabase() {
        return new Target(JdbcCatalog.sqliteUrl(dir.resolve("data")), "", "");
    }

    @Override
    protected void dropDatabase(Target target) {
        // @TempDir removes the file
    }

    /** The file is owned by one process; others' commits reach the cached project list within this. */
    @Override
    protected long foreignWriteStalenessMillis() {
        return PageCache.FOREIGN_CHECK_INTERVAL_MILLIS;
    }

    @Test
    void theFileIsCreatedWithItsFolderAndUsesWriteAheadLogging() throws Exception {
        assertTrue(Files.isRegularFile(dir.resolve("data").resolve(JdbcCatalog.SQLITE_FILE)));
        try (var connection = Dialect.SQLITE.open(target.url(), "", "", Dialect.Role.READER);
             var statement = connection.createStatement();
             var rs = statement.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
    }
}

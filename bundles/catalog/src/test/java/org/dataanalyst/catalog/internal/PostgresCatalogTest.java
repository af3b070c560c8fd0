package org.dataanalyst.catalog.internal;

import org.dataanalyst.tests.support.PostgresFixture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The catalog contract on a real PostgreSQL server (see {@link PostgresFixture}): a database of its
 * own, emptied before each test.
 */
class PostgresCatalogTest extends CatalogContractTest {

    private static PostgresFixture.TestDatabase database;

    @BeforeAll
    static void createTestDatabase() {
        database = PostgresFixture.createDatabase();
    }

    @AfterAll
    static void dropTestDatabase() {
        PostgresFixture.dropDatabase(database);
    }

    @Override
    protected Target createDatabase() {
        PostgresFixture.resetDatabase(database);
        return new Target(database.url(), database.user(), database.password());
    }

    @Override
    protected void dropDatabase(Target target) {
        // emptied by the next test's createDatabase(), dropped after all
    }
}

package org.dataanalyst.tests.system;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One started platform for all tests of a class: a data folder of its own, and an API client with the admin
 * token. A subclass that prepares more before its tests does it in a {@code @BeforeAll} method of another name
 * (it runs after {@link #startServer()}).
 */
abstract class ServerTest {

    @TempDir
    static Path temp;

    static ServerProcess server;
    static Api api;

    @BeforeAll
    static void startServer() {
        server = ServerProcess.start(temp.resolve("data"));
        api = server.api();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}

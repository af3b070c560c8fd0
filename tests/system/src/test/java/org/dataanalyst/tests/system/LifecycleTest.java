package org.dataanalyst.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, stopping and crashing the platform process. */
class LifecycleTest {

    @TempDir
    Path temp;

    @Test
    void aRunThatWasRunningWhenTheProcessDiedIsFailedInterruptedAtTheNextStart() {
        ServerProcess server = ServerProcess.start(temp.resolve("data"));
        String token = server.adminToken();
        String project;
        String runPath;
        try {
            Api api = server.api();
            project = api.postJson("/api/projects", "{\"name\":\"crash\"}").json().get("id").asText();
            String runId = api.postJson("/api/projects/" + project + "/runs", "{\"type\":\"check\",\"params\":{\"hold_seconds\":600}}")
                    .json().get("id").asText();
            runPath = "/api/projects/" + project + "/runs/" + runId;
            api.await(runPath, run -> run.get("status").asText().equals("running"), Duration.ofSeconds(30));
        } finally {
            server.kill();
        }
        assertFalse(server.isAlive());

        ServerProcess again = ServerProcess.start(temp.resolve("data"), token);
        try {
            JsonNode run = again.api().get(runPath).json();
            assertEquals("failed", run.get("status").asText(), run::toString);
            assertEquals("interrupted", run.get("reason").asText(), run::toString);
            assertFalse(again.output().contains(token), "the token is printed on the first start only");
            assertEquals("crash", again.api().get("/api/projects/" + project).json().get("name").asText(), "data survived");
        } finally {
            again.stop();
        }
    }

    @Test
    void sigtermShutsDownCleanly() {
        ServerProcess server = ServerProcess.start(temp.resolve("data"));
        server.stop();
        assertFalse(server.isAlive());
        String out = server.output();
        assertFalse(out.contains("Exception"), () -> "no exception during shutdown:\n" + out);
        // the JVM reports SIGTERM as 128 + 15 when the shutdown ran through its hooks
        assertTrue(server.exitValue() == 0 || server.exitValue() == 143, "exit code " + server.exitValue());
    }
}

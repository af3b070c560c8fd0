package org.dataanalyst.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.project.ProjectService;
import org.dataanalyst.api.run.RunContext;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.api.run.RunService;
import org.dataanalyst.api.run.RunType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A run type that appears and disappears at runtime is picked up and dropped by the engine through
 * its dynamic reference — the mechanism every plugin relies on.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DynamicRunTypeTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    RunService runs;

    @InjectService
    ProjectService projects;

    Project project;

    @BeforeEach
    void project() {
        project = projects.create("dyn-" + UUID.randomUUID().toString().substring(0, 8), "");
    }

    @AfterEach
    void cleanUp() {
        projects.delete(project.id());
    }

    /** Writes its parameters to an artifact. */
    static final class Greeting implements RunType {
        @Override
        public Descriptor descriptor() {
            return new Descriptor("itest-greeting", "Greeting", "in-framework test run type", null);
        }

        @Override
        public void execute(RunContext context) throws Exception {
            context.log("greeting {}", context.run().params().get("who"));
            Path file = context.directory().resolve("greeting.txt");
            Files.writeString(file, "hello " + context.run().params().get("who"), StandardCharsets.UTF_8);
            context.addArtifact(file, "greeting", "text/plain");
        }
    }

    @Test
    void aRunTypeRegisteredAtRuntimeIsUsableAndGoneWhenUnregistered() {
        assertFalse(runs.types().containsKey("itest-greeting"));
        Hashtable<String, Object> properties = new Hashtable<>(Map.of(RunType.TYPE_PROPERTY, "itest-greeting"));
        ServiceRegistration<RunType> registration = context.registerService(RunType.class, new Greeting(), properties);
        try {
            assertTrue(runs.types().containsKey("itest-greeting"), "picked up at once: " + runs.types().keySet());
            Run run = runs.submit(project.id(), new RunRequest("itest-greeting", null, null, Map.of("who", "osgi"), false)).run();
            Run done = awaitTerminal(run, Duration.ofSeconds(30));
            assertEquals(RunStatus.SUCCEEDED, done.status(), () -> "reason: " + done.reason());
            assertTrue(runs.artifacts(project.id(), run.id()).stream().anyMatch(a -> a.name().equals("greeting.txt")));
        } finally {
            registration.unregister();
        }
        assertFalse(runs.types().containsKey("itest-greeting"), "dropped at once");
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> runs.submit(project.id(), new RunRequest("itest-greeting", null, null, Map.of(), true)));
        assertTrue(refused.getMessage().contains("check"), refused.getMessage());
    }

    private Run awaitTerminal(Run run, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Run now = runs.get(project.id(), run.id());
            if (now.status().isTerminal()) {
                return now;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new AssertionError("run did not end within " + timeout + ": " + runs.get(project.id(), run.id()));
    }
}

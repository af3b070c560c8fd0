package org.dataanalyst.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.UUID;

import org.dataanalyst.api.Project;
import org.dataanalyst.api.catalog.Catalog;
import org.dataanalyst.api.project.ProjectService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.dto.ApplicationDTO;
import org.osgi.service.jakartars.runtime.dto.RuntimeDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The resolved platform inside Felix: every bundle active, services wired, the REST whiteboard healthy. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class PlatformServicesTest {

    /** health, projects, datasets, runs, artifacts, run types, plugins, tokens, OpenAPI */
    static final int EXPECTED_RESOURCES = 9;

    @InjectBundleContext
    BundleContext context;

    private static int resourceCount(RuntimeDTO dto) {
        int n = dto.defaultApplication == null ? 0 : dto.defaultApplication.resourceDTOs.length;
        for (ApplicationDTO app : dto.applicationDTOs) {
            n = Math.max(n, app.resourceDTOs.length);
        }
        return n;
    }

    @Test
    void everyBundleIsActive() {
        String notActive = Arrays.stream(context.getBundles())
                .filter(b -> b.getState() != Bundle.ACTIVE && b.getHeaders().get("Fragment-Host") == null)
                .map(b -> b.getSymbolicName() + " (state " + b.getState() + ")")
                .reduce("", (a, b) -> a + " " + b);
        assertEquals("", notActive, "bundles not active:" + notActive);
    }

    @Test
    void projectsAreCreatedThroughTheServiceAndStoredInTheCatalog(
            @InjectService ProjectService projects, @InjectService Catalog catalog) {
        String name = "itest-" + UUID.randomUUID().toString().substring(0, 8);
        Project project = projects.create(name, "in-framework");
        try {
            assertEquals(name, catalog.project(project.id()).orElseThrow().name());
            assertTrue(Files.isRegularFile(projects.workspace(project.id()).resolve("project.json")));
        } finally {
            projects.delete(project.id());
        }
        assertTrue(catalog.project(project.id()).isEmpty());
    }

    @Test
    void theRestWhiteboardServesOurApplicationUnderApiWithoutFailures(
            @InjectService(timeout = 10_000) JakartarsServiceRuntime runtime) {
        // the whiteboard adds resources asynchronously: wait (bounded) until ours are all there
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        RuntimeDTO dto = runtime.getRuntimeDTO();
        while (resourceCount(dto) < EXPECTED_RESOURCES && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            dto = runtime.getRuntimeDTO();
        }
        java.util.List<ApplicationDTO> apps = new java.util.ArrayList<>(Arrays.asList(dto.applicationDTOs));
        apps.add(dto.defaultApplication);
        ApplicationDTO app = apps.stream().max(java.util.Comparator.comparingInt(a -> a.resourceDTOs.length)).orElseThrow();
        assertEquals("/api", "/" + app.base.replaceAll("^/+|/+$", ""), "the application with our resources is at /api");
        assertTrue(app.resourceDTOs.length >= EXPECTED_RESOURCES, "resources registered: " + app.resourceDTOs.length);
        assertEquals(0, dto.failedResourceDTOs.length, "failed resources");
        assertEquals(0, dto.failedExtensionDTOs.length, "failed extensions");
    }
}

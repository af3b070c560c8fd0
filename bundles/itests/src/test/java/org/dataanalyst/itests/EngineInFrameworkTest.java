package org.dataanalyst.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.dataanalyst.api.Project;
import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.api.project.ProjectService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** DuckDB, a bundle with a native library, runs inside Felix and is confined to a project's workspace. */
@ExtendWith(ServiceExtension.class)
class EngineInFrameworkTest {

    @Test
    void theEngineQueriesFilesInsideTheWorkspaceOnly(@InjectService Engine engine, @InjectService ProjectService projects)
            throws Exception {
        Project project = projects.create("engine-" + UUID.randomUUID().toString().substring(0, 8), "");
        try {
            Path workspace = projects.workspace(project.id());
            Path csv = workspace.resolve("raw").resolve("numbers.csv");
            Files.writeString(csv, "n\n1\n2\n3\n", StandardCharsets.UTF_8);
            Path outside = Files.createTempFile(workspace.getParent(), "outside", ".csv");
            Files.writeString(outside, "n\n1\n", StandardCharsets.UTF_8);
            try (EngineSession session = engine.open(workspace)) {
                Object sum = session.query("SELECT sum(n) FROM read_csv('" + csv + "')").rows().get(0).get(0);
                assertEquals(6L, ((Number) sum).longValue());
                assertThrows(RuntimeException.class, () -> session.query("SELECT * FROM read_csv('" + outside + "')"));
            } finally {
                Files.deleteIfExists(outside);
            }
        } finally {
            projects.delete(project.id());
        }
    }
}

package org.dataanalyst.tests.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.run.RunContext;
import org.dataanalyst.api.run.RunType;
import org.dataanalyst.api.run.RunTypeName;
import org.osgi.service.component.annotations.Component;

/**
 * The run type {@code echo}: logs its parameters, writes them back as the artifact {@code echo.json} and succeeds.
 *
 * <p>Everything a plugin needs is here: a Declarative Services component that provides {@link RunType}, named by
 * the component property type {@link RunTypeName} (service property {@code analyst.run.type=echo}), and code that
 * uses only the {@link RunContext} it is given. The platform finds the service when the bundle starts and forgets it
 * when the bundle stops.
 */
@Component(service = RunType.class)
@RunTypeName(type = "echo")
public class EchoRunType implements RunType {

    /** The run type's name. */
    public static final String NAME = "echo";

    @Override
    public Descriptor descriptor() {
        return new Descriptor(NAME, "Echo", "Writes its parameters back as echo.json. An example plugin.",
                Map.of("type", "object", "additionalProperties", true));
    }

    @Override
    public void execute(RunContext context) throws IOException {
        Map<String, Object> params = context.run().params();
        context.log("echo: {}", params);
        if (context.isCancelled()) {
            return;
        }
        context.progress(0.5, "writing echo.json");
        Path file = context.directory().resolve("echo.json");
        Path partial = context.directory().resolve("echo.json.partial");
        Files.writeString(partial, Json.write(params), StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        context.addArtifact(file, "echo", "application/json");
        context.progress(1, "done");
    }
}

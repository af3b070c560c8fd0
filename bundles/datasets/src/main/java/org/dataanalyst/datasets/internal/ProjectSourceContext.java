package org.dataanalyst.datasets.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.secret.SecretService;
import org.dataanalyst.spi.connector.SourceContext;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * What a connector gets to reach a source on behalf of one project: files inside the workspace and the
 * import roots, the project's secrets (each value handed out is masked in every later log line and
 * message), and a log.
 */
class ProjectSourceContext implements SourceContext {

    private final String projectId;
    private final Path workspace;
    private final List<Path> importRoots;
    private final SecretService secrets;
    private final SecretText.Masker masker;
    private final Consumer<String> log;

    /**
     * @param workspace   the project workspace (real path)
     * @param importRoots the allowed server folders (real paths)
     * @param log         receives finished, masked log lines
     */
    ProjectSourceContext(String projectId, Path workspace, List<Path> importRoots, SecretService secrets,
                         SecretText.Masker masker, Consumer<String> log) {
        this.projectId = projectId;
        this.workspace = workspace;
        this.importRoots = List.copyOf(importRoots);
        this.secrets = secrets;
        this.masker = masker;
        this.log = log;
    }

    final String projectId() {
        return projectId;
    }

    final Path workspace() {
        return workspace;
    }

    final List<Path> importRoots() {
        return importRoots;
    }

    final SecretText.Masker masker() {
        return masker;
    }

    @Override
    public Path resolveFile(String location) {
        return Locations.resolveFile(location, workspace, importRoots);
    }

    @Override
    public String secret(String name) {
        if (name == null || !SecretService.NAME_PATTERN.matcher(name).matches()) {
            throw new InvalidRequestException("'" + name + "' is not a secret name");
        }
        String value;
        try {
            value = secrets.value(projectId, name);
        } catch (NotFoundException e) {
            throw new InvalidRequestException("the secret '" + name + "' does not exist in project " + projectId
                    + "; create it (PUT /api/projects/" + projectId + "/secrets/" + name + ") or fix the ${secret:"
                    + name + "} reference", e);
        }
        masker.add(value);
        return value;
    }

    @Override
    public String resolveSecrets(String text) {
        SecretText.references(text); // checks the names
        return SecretText.resolve(text, this::secret);
    }

    /** Loads the values of the referenced secrets into the masker (missing ones are reported when used). */
    void preloadMasks(Object value) {
        for (String name : SecretText.references(value)) {
            try {
                masker.add(secrets.value(projectId, name));
            } catch (RuntimeException e) {
                // reported when the connector asks for it
            }
        }
    }

    @Override
    public void log(String message, Object... args) {
        FormattingTuple formatted = MessageFormatter.arrayFormat(String.valueOf(message), args);
        String text = formatted.getMessage();
        if (formatted.getThrowable() != null) {
            text = text + ": " + formatted.getThrowable();
        }
        log.accept(masker.mask(text));
    }
}

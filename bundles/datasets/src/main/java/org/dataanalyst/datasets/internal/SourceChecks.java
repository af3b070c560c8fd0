package org.dataanalyst.datasets.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.dataanalyst.api.AnalystException;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.spi.connector.SourceSpec;

/** The checks a source spec passes before anything is stored or queued. */
final class SourceChecks {

    private SourceChecks() {
    }

    /**
     * @return the connector for the spec's kind
     * @throws InvalidRequestException when no connector handles it (the message lists the known kinds)
     */
    static ConnectorRegistry.Entry connector(ConnectorRegistry connectors, String kind) {
        if (kind == null || kind.isBlank()) {
            throw new InvalidRequestException("a source kind is required; known kinds: " + connectors.knownKinds());
        }
        return connectors.get(kind).orElseThrow(() -> new InvalidRequestException(
                "unknown source kind '" + kind + "'; known kinds: " + connectors.knownKinds()));
    }

    /**
     * Asks the connector to validate the spec, checks a file location's confinement, and that every
     * referenced secret exists.
     *
     * @param existingSecrets the project's secret names (plus those about to be created)
     * @param masker          masks inline values in messages
     */
    static void check(SourceSpec spec, ConnectorRegistry.Entry connector, Path workspace, List<Path> importRoots,
                      Set<String> existingSecrets, SecretText.Masker masker) {
        try {
            connector.connector().validate(spec);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(masker.mask(e.getMessage()));
        } catch (AnalystException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new InvalidRequestException("the " + spec.kind() + " connector (" + connector.origin()
                    + ") could not check the source: " + masker.mask(String.valueOf(e.getMessage())));
        }
        Locations.check(spec.location(), workspace, importRoots);
        Set<String> missing = new TreeSet<>(SecretText.references(spec.location()));
        missing.addAll(SecretText.references(spec.options()));
        missing.removeAll(existingSecrets);
        if (!missing.isEmpty()) {
            throw new InvalidRequestException("the source references secret(s) this project does not have: "
                    + String.join(", ", missing) + "; create them first (PUT /api/projects/{id}/secrets/{name})");
        }
    }
}

package org.dataanalyst.api.dataset;

import java.util.List;
import java.util.Objects;

import org.dataanalyst.api.Descriptor;

/**
 * A running connector.
 *
 * @param descriptor    name, title, description and options schema
 * @param kinds         the source kinds it handles
 * @param bundle        the symbolic name of the bundle that provides it
 * @param bundleVersion that bundle's version
 */
public record ConnectorInfo(Descriptor descriptor, List<String> kinds, String bundle, String bundleVersion) {
    public ConnectorInfo {
        Objects.requireNonNull(descriptor, "descriptor");
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
    }
}

package org.dataanalyst.spi.profiler;

import java.util.List;
import java.util.Map;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.Schema;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Contributes a section to a dataset profile. The platform asks every profiler for its
 * {@link #metrics}, computes all of them together in as few scans as possible, and hands each
 * profiler its values to {@link #interpret}.
 */
@ConsumerType
public interface Profiler {

    /** @return the profiler's name (its section key in {@code profile.json}), title and options schema */
    Descriptor descriptor();

    /** @return the metrics to compute for a dataset of this schema */
    List<Metric> metrics(Schema schema, Map<String, Object> options);

    /**
     * Turns computed metric values into this profiler's section of the profile.
     *
     * @param values metric value by {@code column + "/" + name} (dataset-level: {@code "/" + name})
     * @return JSON-compatible section content
     */
    Map<String, Object> interpret(Schema schema, Map<String, Object> values, Map<String, Object> options);
}

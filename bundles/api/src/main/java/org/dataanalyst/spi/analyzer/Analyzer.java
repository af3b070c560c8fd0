package org.dataanalyst.spi.analyzer;

import java.util.Map;

import org.dataanalyst.api.Descriptor;
import org.osgi.annotation.versioning.ConsumerType;

/** Computes derived results over a dataset version. */
@ConsumerType
public interface Analyzer {

    /** @return the analyzer's name, title and options schema */
    Descriptor descriptor();

    /**
     * Analyzes the dataset version.
     *
     * @return a JSON-compatible summary of the results (files go through {@link AnalysisContext#publish})
     * @throws Exception to fail this analyzer's part; the message is recorded with the analyzer's name
     */
    Map<String, Object> analyze(AnalysisContext context, Map<String, Object> options) throws Exception;
}

package org.dataanalyst.spi.analyzer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.Schema;
import org.osgi.annotation.versioning.ProviderType;

/** What the platform gives an {@link Analyzer} for one analysis of one dataset version. */
@ProviderType
public interface AnalysisContext {

    /** @return the schema of the dataset version */
    Schema schema();

    /** @return the name of the engine view holding the dataset version, to use in {@link #query} */
    String relation();

    /** Runs a read-only query; rows as column-name → value maps. */
    List<Map<String, Object>> query(String sql) throws Exception;

    /** @return a new file in the run's folder to write an output to */
    Path newFile(String fileName) throws IOException;

    /** Registers a file from {@link #newFile} as an artifact of the run. */
    void publish(Path file, String type, String mediaType) throws IOException;

    void log(String message, Object... args);

    boolean isCancelled();
}

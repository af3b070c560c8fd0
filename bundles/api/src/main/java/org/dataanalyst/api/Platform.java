package org.dataanalyst.api;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Facts about the running platform that every bundle agrees on.
 *
 * <p>The data folder is given to the framework as the property {@value #DATA_DIR_PROPERTY} (the
 * {@code analyst} start script sets it from {@code --data}); everything the platform stores lives
 * under it: {@code catalog.db}, {@code projects/}, {@code plugins/}, {@code etc/}, {@code keys/}.
 */
public final class Platform {

    /** Framework property naming the data folder. */
    public static final String DATA_DIR_PROPERTY = "analyst.data";

    /** Data folder used when the property is not set (relative to the working directory). */
    public static final String DEFAULT_DATA_DIR = "analyst-data";

    /** Framework property holding the HTTP port (Felix HTTP's own). */
    public static final String HTTP_PORT_PROPERTY = "org.osgi.service.http.port";

    private Platform() {
    }

    /**
     * Resolves the data folder from framework properties.
     *
     * @param properties e.g. {@code bundleContext::getProperty}
     * @return the absolute, normalized data folder
     */
    public static Path dataDirectory(UnaryOperator<String> properties) {
        String configured = properties.apply(DATA_DIR_PROPERTY);
        String dir = configured == null || configured.isBlank() ? DEFAULT_DATA_DIR : configured;
        return Path.of(dir).toAbsolutePath().normalize();
    }
}

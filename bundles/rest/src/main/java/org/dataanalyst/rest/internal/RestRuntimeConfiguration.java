package org.dataanalyst.rest.internal;

import java.io.IOException;
import java.util.Hashtable;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jakarta REST servlet-whiteboard runtime starts only once its configuration exists (it requires
 * one). This component creates it on first start, so a server with no configuration at all serves the
 * API; an operator's own configuration (e.g. from {@code etc/}) is left untouched.
 */
@Component(immediate = true)
public class RestRuntimeConfiguration {

    /** PID of the osgitech servlet-whiteboard runtime component. */
    static final String RUNTIME_PID = "JakartarsServletWhiteboardRuntimeComponent";

    private static final Logger LOG = LoggerFactory.getLogger(RestRuntimeConfiguration.class);

    @Activate
    public RestRuntimeConfiguration(@Reference ConfigurationAdmin configurationAdmin) throws IOException {
        Configuration configuration = configurationAdmin.getConfiguration(RUNTIME_PID, "?");
        if (configuration.getProperties() == null) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("jersey.disable.sessions", Boolean.TRUE);
            configuration.update(properties);
            LOG.debug("Created the default configuration of {}", RUNTIME_PID);
        }
    }
}

package org.dataanalyst.rest.internal;

import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Registers Jackson inside a {@link Feature}. Registering the Jackson provider itself as a whiteboard
 * MessageBodyReader/Writer breaks every request in this runtime (HK2 locator shut down), so the
 * feature is the whiteboard extension and Jackson is registered through it.
 */
@Component(service = Feature.class)
@JakartarsExtension
@JakartarsName("analyst-json")
public class JsonFeature implements Feature {

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new JacksonJsonProvider(Json.mapper()));
        return true;
    }
}

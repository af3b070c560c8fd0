package org.dataanalyst.rest.internal;

import jakarta.ws.rs.core.Application;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationBase;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Replaces the whiteboard's default application so that every resource and extension registered
 * without an application select lives under {@code /api}, leaving {@code /} to the browser UI.
 */
@Component(service = Application.class)
@JakartarsName(".default")
@JakartarsApplicationBase("/api")
public class RestApplication extends Application {
}

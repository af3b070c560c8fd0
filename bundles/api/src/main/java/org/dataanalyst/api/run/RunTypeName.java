package org.dataanalyst.api.run;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type that names a {@link RunType}: {@code @RunTypeName("profile")} gives the
 * service property {@code analyst.run.type=profile}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RunTypeName {
    /** Prefix making the single element map to {@value RunType#TYPE_PROPERTY}. */
    String PREFIX_ = "analyst.run.";

    /** @return the run type name */
    String type();
}

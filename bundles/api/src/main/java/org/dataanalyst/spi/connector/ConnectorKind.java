package org.dataanalyst.spi.connector;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Names the source kinds a {@link Connector} handles: {@code @ConnectorKind({"csv", "tsv"})} gives the
 * service property {@code analyst.connector.kind=[csv, tsv]}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ConnectorKind {
    /** Prefix making the single element map to {@value Connector#KIND_PROPERTY}. */
    String PREFIX_ = "analyst.connector.";

    /** @return the source kinds */
    String[] kind();
}

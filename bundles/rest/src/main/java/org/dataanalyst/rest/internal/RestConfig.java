package org.dataanalyst.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the REST API (PID {@value #PID}). */
@ObjectClassDefinition(id = RestConfig.PID, name = "data-analyst REST API",
        description = "Limits of the REST API under /api")
/** Method names use {@code __} for an underscore in the property key (OSGi DS name mapping). */
public @interface RestConfig {
    String PID = "org.dataanalyst.rest";

    @AttributeDefinition(name = "Max JSON body bytes",
            description = "Largest request body accepted by JSON endpoints; larger is 413")
    long max__body__bytes() default 1024 * 1024;

    @AttributeDefinition(name = "Max upload bytes",
            description = "Largest raw upload (plugin jars) accepted; larger is 413. Dataset uploads are limited by "
                    + "max_upload_bytes of org.dataanalyst.datasets instead")
    long max__upload__bytes() default 256L * 1024 * 1024;
}

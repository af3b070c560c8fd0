/**
 * Profiles: the profilers that are running, for clients (REST, shell, UI) that must not depend on
 * the profiler SPI's runtime. A profile itself is a run of type {@value org.dataanalyst.api.profile.ProfileService#RUN_TYPE}
 * submitted through {@link org.dataanalyst.api.run.RunService}.
 */
@Version("1.1.0")
@Export
package org.dataanalyst.api.profile;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

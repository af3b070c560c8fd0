/**
 * Projects: isolated workspaces with their folder and environment definition ({@code project.json}).
 */
@Version("1.0.0")
@Export
package org.dataanalyst.api.project;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

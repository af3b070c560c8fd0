package org.dataanalyst.api.project;

import java.nio.file.Path;

import org.dataanalyst.api.Page;
import org.dataanalyst.api.Project;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates, lists and deletes projects together with their workspace folder:
 * {@code <data>/projects/<id>/} holding {@code project.json}, {@code secrets/}, {@code raw/},
 * {@code staging/}, {@code runs/} and {@code metadata/}.
 */
@ProviderType
public interface ProjectService {

    /**
     * Creates a project and provisions its workspace. Nothing is left behind if it fails.
     *
     * @throws org.dataanalyst.api.InvalidRequestException when the name or description is not acceptable
     * @throws org.dataanalyst.api.ConflictException      when a project of that name exists
     */
    Project create(String name, String description);

    /** @throws org.dataanalyst.api.NotFoundException when there is no such project */
    Project get(String id);

    Page<Project> list(int offset, int limit);

    /**
     * Deletes the project's catalog entries and its workspace.
     *
     * @throws org.dataanalyst.api.NotFoundException when there is no such project
     */
    void delete(String id);

    /** @return the project's environment definition, as stored in {@code project.json} */
    ProjectEnvironment environment(String id);

    /** @return the root of the project's workspace */
    Path workspace(String id);

    /**
     * Resolves a path given by a request inside the project's workspace.
     *
     * @throws org.dataanalyst.api.InvalidRequestException when it would point outside the workspace
     */
    Path resolveInside(String id, String relativePath);
}

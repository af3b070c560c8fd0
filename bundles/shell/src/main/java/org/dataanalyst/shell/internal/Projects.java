package org.dataanalyst.shell.internal;

import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.project.ProjectService;

/** Commands name a project by id or by name; this finds it. */
final class Projects {

    private Projects() {
    }

    /** @throws NotFoundException when no project has that id or name */
    static Project find(ProjectService projects, String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            throw new org.dataanalyst.api.InvalidRequestException("name a project by its id or name");
        }
        try {
            return projects.get(idOrName);
        } catch (NotFoundException byId) {
            int offset = 0;
            while (true) {
                Page<Project> page = projects.list(offset, Page.MAX_LIMIT);
                for (Project project : page.items()) {
                    if (project.name().equals(idOrName)) {
                        return project;
                    }
                }
                offset += page.items().size();
                if (page.items().isEmpty() || offset >= page.total()) {
                    throw new NotFoundException("no project with id or name '" + idOrName + "'");
                }
            }
        }
    }
}

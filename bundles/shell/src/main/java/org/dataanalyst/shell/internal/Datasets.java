package org.dataanalyst.shell.internal;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.dataset.DatasetDetails;
import org.dataanalyst.api.dataset.DatasetService;
import org.dataanalyst.api.dataset.DatasetSummary;

/** Commands name a dataset by id or by name within its project; this finds it. */
final class Datasets {

    private Datasets() {
    }

    /**
     * @throws NotFoundException when the project has no dataset with that id or name
     */
    static DatasetDetails find(DatasetService datasets, Project project, String idOrName, int versionOffset,
                               int versionLimit) {
        if (idOrName == null || idOrName.isBlank()) {
            throw new InvalidRequestException("name a dataset by its id or name");
        }
        try {
            return datasets.get(project.id(), idOrName, versionOffset, versionLimit);
        } catch (NotFoundException byId) {
            int offset = 0;
            while (true) {
                Page<DatasetSummary> page = datasets.list(project.id(), offset, Page.MAX_LIMIT);
                for (DatasetSummary dataset : page.items()) {
                    if (dataset.name().equals(idOrName)) {
                        return datasets.get(project.id(), dataset.id(), versionOffset, versionLimit);
                    }
                }
                offset += page.items().size();
                if (page.items().isEmpty() || offset >= page.total()) {
                    throw new NotFoundException("project " + project.name() + " has no dataset with id or name '"
                            + idOrName + "'");
                }
            }
        }
    }
}

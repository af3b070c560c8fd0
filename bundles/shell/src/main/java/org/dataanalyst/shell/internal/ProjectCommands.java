package org.dataanalyst.shell.internal;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.project.ProjectService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code analyst:projects}, {@code analyst:project}, {@code analyst:createProject}, {@code analyst:deleteProject}. */
@Component(service = ProjectCommands.class)
@GogoCommand(scope = "analyst", function = {"projects", "project", "createProject", "deleteProject"})
public class ProjectCommands {

    private final ProjectService projects;

    @Activate
    public ProjectCommands(@Reference ProjectService projects) {
        this.projects = projects;
    }

    @Descriptor("list the projects, oldest first")
    public String projects(
            @Descriptor("index of the first project to show") @Parameter(names = {"-o", "--offset"}, absentValue = "0") int offset,
            @Descriptor("how many projects to show (1-500)") @Parameter(names = {"-l", "--limit"}, absentValue = "50") int limit) {
        return Text.attempt(() -> {
            Page.checkArguments(offset, limit);
            Page<Project> page = projects.list(offset, limit);
            Table table = new Table("ID", "NAME", "CREATED", "DESCRIPTION");
            page.items().forEach(p -> table.row(p.id(), p.name(), p.createdAt(), p.description()));
            return (table.size() > 0 ? table.toString() : "") + Text.footer(page, "projects");
        });
    }

    @Descriptor("show a project and its workspace folder")
    public String project(@Descriptor("the project's id or name") String project) {
        return Text.attempt(() -> describe(Projects.find(projects, project)));
    }

    @Descriptor("create a project with its workspace folder")
    public String createProject(
            @Descriptor("what the project is about") @Parameter(names = {"-d", "--description"}, absentValue = "") String description,
            @Descriptor("the project's name: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit") String name) {
        return Text.attempt(() -> "created project " + name + "\n" + describe(projects.create(name, description)));
    }

    @Descriptor("delete a project: its runs, datasets, artifacts and its whole workspace folder")
    public String deleteProject(@Descriptor("the project's id or name") String project) {
        return Text.attempt(() -> {
            Project found = Projects.find(projects, project);
            projects.delete(found.id());
            return "deleted project " + found.name() + " (" + found.id() + ")\n";
        });
    }

    private String describe(Project p) {
        return Text.block("id", p.id(), "name", p.name(), "description", p.description(), "created", p.createdAt(),
                "workspace", projects.workspace(p.id()));
    }
}

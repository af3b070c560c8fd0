package org.dataanalyst.shell.internal;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.project.ProjectService;
import org.dataanalyst.api.run.RunService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code analyst:runs}, {@code analyst:run}, {@code analyst:cancelRun}, {@code analyst:runTypes}. */
@Component(service = RunCommands.class)
@GogoCommand(scope = "analyst", function = {"runs", "run", "cancelRun", "runTypes"})
public class RunCommands {

    private final RunService runs;
    private final ProjectService projects;

    @Activate
    public RunCommands(@Reference RunService runs, @Reference ProjectService projects) {
        this.runs = runs;
        this.projects = projects;
    }

    @Descriptor("list a project's runs, newest first")
    public String runs(
            @Descriptor("index of the first run to show") @Parameter(names = {"-o", "--offset"}, absentValue = "0") int offset,
            @Descriptor("how many runs to show (1-500)") @Parameter(names = {"-l", "--limit"}, absentValue = "50") int limit,
            @Descriptor("the project's id or name") String project) {
        return Text.attempt(() -> {
            Page.checkArguments(offset, limit);
            Project p = Projects.find(projects, project);
            Page<Run> page = runs.list(p.id(), offset, limit);
            Table table = new Table("ID", "TYPE", "STATUS", "PROGRESS", "CREATED", "FINISHED", "REASON");
            page.items().forEach(r -> table.row(r.id(), r.type(), status(r), percent(r), r.createdAt(), r.finishedAt(), r.reason()));
            return (table.size() > 0 ? table.toString() : "") + Text.footer(page, "runs of project " + p.name());
        });
    }

    @Descriptor("show a run: status, progress, parameters, times and artifacts")
    public String run(@Descriptor("the project's id or name") String project, @Descriptor("the run's id") String run) {
        return Text.attempt(() -> {
            Project p = Projects.find(projects, project);
            Run r = runs.get(p.id(), run);
            List<Artifact> artifacts = runs.artifacts(p.id(), r.id());
            StringBuilder out = new StringBuilder(Text.block("id", r.id(), "project", p.name() + " (" + p.id() + ")",
                    "type", r.type(), "status", status(r), "progress", percent(r) + progressMessage(r),
                    "reason", r.reason(), "dataset", r.datasetId(), "version", r.datasetVersionId(),
                    "params", Text.json(r.params()), "created", r.createdAt(), "started", r.startedAt(),
                    "finished", r.finishedAt(), "artifacts", artifacts.size()));
            if (!artifacts.isEmpty()) {
                Table table = new Table("ARTIFACT", "NAME", "TYPE", "MEDIA TYPE", "BYTES");
                artifacts.forEach(a -> table.row(a.id(), a.name(), a.type(), a.mediaType(), a.size()));
                out.append('\n').append(table);
            }
            return out.toString();
        });
    }

    @Descriptor("cancel a run: a queued run ends at once, a running one as soon as it notices")
    public String cancelRun(@Descriptor("the project's id or name") String project, @Descriptor("the run's id") String run) {
        return Text.attempt(() -> {
            Project p = Projects.find(projects, project);
            Run r = runs.cancel(p.id(), run);
            return "run " + r.id() + " is " + status(r) + (r.status().isTerminal() ? "" : " (cancel requested)") + "\n";
        });
    }

    @Descriptor("list the run types the running platform and its plugins offer")
    public String runTypes() {
        return Text.attempt(() -> {
            Table table = new Table("NAME", "TITLE", "DESCRIPTION");
            runs.types().forEach((name, d) -> table.row(name, d.title(), d.description()));
            return table.toString();
        });
    }

    private static String status(Run r) {
        return r.status().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String percent(Run r) {
        return Math.round(r.progress().fraction() * 100) + "%";
    }

    private static String progressMessage(Run r) {
        return r.progress().message().isEmpty() ? "" : " " + r.progress().message();
    }
}

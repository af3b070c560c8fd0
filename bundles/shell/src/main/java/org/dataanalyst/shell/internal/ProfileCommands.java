package org.dataanalyst.shell.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.dataset.DatasetDetails;
import org.dataanalyst.api.dataset.DatasetService;
import org.dataanalyst.api.profile.ProfileService;
import org.dataanalyst.api.profile.ProfilerInfo;
import org.dataanalyst.api.profile.RuleSet;
import org.dataanalyst.api.project.ProjectService;
import org.dataanalyst.api.run.LogChunk;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.api.run.RunService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code analyst:profile}, {@code analyst:profilers}, {@code analyst:rules}, {@code analyst:setRules}. */
@Component(service = ProfileCommands.class)
@GogoCommand(scope = "analyst", function = {"profile", "profilers", "rules", "setRules"})
public class ProfileCommands {

    /** Most log bytes read to summarise a finished profile. */
    private static final int MAX_LOG_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, Object>>> RULES = new TypeReference<>() {
    };

    private final ProjectService projects;
    private final DatasetService datasets;
    private final RunService runs;
    private final ProfileService profiles;

    @Activate
    public ProfileCommands(@Reference ProjectService projects, @Reference DatasetService datasets,
                           @Reference RunService runs, @Reference ProfileService profiles) {
        this.projects = projects;
        this.datasets = datasets;
        this.runs = runs;
        this.profiles = profiles;
    }

    @Descriptor("profile a dataset version (default: the latest) with every running profiler, as a run; prints the "
            + "run's id, and with --wait follows it to its end and names its profile.json and profile.html artifacts")
    public String profile(
            @Descriptor("profile again even if an equal profile run exists")
            @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("wait for the run to end and print its outcome")
            @Parameter(names = {"-w", "--wait"}, presentValue = "true", absentValue = "false") boolean wait,
            @Descriptor("the version number to profile (default: the latest)")
            @Parameter(names = {"-v", "--version"}, absentValue = "0") int versionNumber,
            @Descriptor("the project's id or name") String project,
            @Descriptor("the dataset's id or name") String dataset) {
        return Text.attempt(() -> {
            Project p = Projects.find(projects, project);
            DatasetDetails details = Datasets.find(datasets, p, dataset, 0, 1);
            DatasetVersion version = versionNumber > 0
                    ? datasets.version(p.id(), details.dataset().id(), versionNumber)
                    : details.latest();
            if (version == null) {
                throw new InvalidRequestException("dataset " + details.dataset().name()
                        + " has no version to profile yet; ingest data into it first (analyst:ingest)");
            }
            // the version is named explicitly, so that an equal request is one for the same version
            RunService.Submission submission = runs.submit(p.id(), new RunRequest(ProfileService.RUN_TYPE,
                    details.dataset().id(), version.id(), Map.of(), force));
            Run run = submission.run();
            StringBuilder out = new StringBuilder();
            out.append("profile run ").append(run.id())
                    .append(submission.created() ? " queued" : " (an equal run exists, " + lower(run.status()) + "; --force runs again)")
                    .append(" for version ").append(version.number()).append(" of ").append(details.dataset().name())
                    .append('\n');
            if (!wait) {
                out.append("follow it with: analyst:run ").append(p.name()).append(' ').append(run.id()).append('\n');
                return out.toString();
            }
            return out.append(outcome(p, Waiting.awaitEnd(runs, p, run))).toString();
        });
    }

    @Descriptor("list the running profilers: their names (the sections of a profile), options and bundles")
    public String profilers() {
        return Text.attempt(() -> {
            List<ProfilerInfo> list = profiles.profilers();
            if (list.isEmpty()) {
                return "no profilers running\n";
            }
            Table table = new Table("NAME", "TITLE", "OPTIONS", "RULE TYPES", "BUNDLE", "VERSION", "DESCRIPTION");
            for (ProfilerInfo i : list) {
                table.row(i.name(), i.title(), optionNames(i.optionsSchema()),
                        i.ruleTypes().isEmpty() ? null : String.join(", ", i.ruleTypes()), i.bundle(), i.bundleVersion(),
                        i.description());
            }
            return table.toString();
        });
    }

    @Descriptor("show the rule checks declared for a dataset (every profile evaluates them)")
    public String rules(
            @Descriptor("the project's id or name") String project,
            @Descriptor("the dataset's id or name") String dataset) {
        return Text.attempt(() -> {
            Project p = Projects.find(projects, project);
            DatasetDetails details = Datasets.find(datasets, p, dataset, 0, 1);
            return describe(profiles.rules(p.id(), details.dataset().id()), details.dataset().name());
        });
    }

    @Descriptor("replace the rule checks of a dataset with a JSON list, e.g. "
            + "'[{\"type\": \"not_null\", \"column\": \"id\"}, {\"type\": \"range\", \"column\": \"price\", \"min\": 0}]' "
            + "(in single quotes), or the JSON in a file with --file; '[]' removes them all. Types: see analyst:profilers")
    public String setRules(
            @Descriptor("a file on the server holding the JSON list instead")
            @Parameter(names = {"-f", "--file"}, absentValue = "") String file,
            @Descriptor("the project's id or name") String project,
            @Descriptor("the dataset's id or name") String dataset,
            @Descriptor("the rules as a JSON list (omit with --file)") String... json) {
        return Text.attempt(() -> {
            Project p = Projects.find(projects, project);
            DatasetDetails details = Datasets.find(datasets, p, dataset, 0, 1);
            String text;
            if (!file.isEmpty()) {
                if (json.length > 0) {
                    throw new InvalidRequestException("give the rules either as JSON or with --file, not both");
                }
                try {
                    text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new InvalidRequestException("cannot read the rules file " + file + ": " + e);
                }
            } else if (json.length == 0) {
                throw new InvalidRequestException("give the rules as a JSON list in single quotes, e.g. "
                        + "'[{\"type\": \"not_null\", \"column\": \"id\"}]', or --file <path>");
            } else {
                text = String.join(" ", json);
            }
            List<Map<String, Object>> rules;
            try {
                rules = JSON.readValue(text, RULES);
            } catch (IOException e) {
                throw new InvalidRequestException("the rules are not a JSON list of objects: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
            return "rules of " + details.dataset().name() + " replaced; the next profile evaluates them\n"
                    + describe(profiles.putRules(p.id(), details.dataset().id(), rules), details.dataset().name());
        });
    }

    private static String describe(RuleSet set, String dataset) {
        if (set.rules().isEmpty()) {
            return "no rules declared for " + dataset + "\n";
        }
        Table table = new Table(400, "#", "TYPE", "COLUMN", "SEVERITY", "NAME", "PARAMETERS");
        int n = 1;
        for (Map<String, Object> rule : set.rules()) {
            Map<String, Object> parameters = new TreeMap<>(rule);
            parameters.keySet().removeAll(List.of("type", "column", "severity", "name"));
            StringBuilder text = new StringBuilder();
            parameters.forEach((k, v) -> text.append(text.length() == 0 ? "" : " ").append(k).append('=').append(v));
            table.row(n++, rule.get("type"), rule.get("column"), rule.getOrDefault("severity", "fail"), rule.get("name"), text);
        }
        return table.toString() + set.rules().size() + " rules, updated " + Text.of(set.updatedAt()) + "\n";
    }

    // ----------------------------------------------------------------------------------------------------------------

    private String outcome(Project p, Run run) {
        if (!run.status().isTerminal()) {
            return Waiting.stillGoing(p, run);
        }
        StringBuilder out = new StringBuilder("run ").append(run.id()).append(' ').append(lower(run.status()));
        if (run.startedAt() != null && run.finishedAt() != null) {
            out.append(String.format(Locale.ROOT, " after %.1f s", Duration.between(run.startedAt(), run.finishedAt())
                    .toMillis() / 1000.0));
        }
        if (run.status() != RunStatus.SUCCEEDED) {
            out.append(run.reason() == null ? "" : ": " + run.reason()).append('\n');
            return out.append("log: analyst:run ").append(p.name()).append(' ').append(run.id()).append('\n').toString();
        }
        out.append('\n');
        // the run's log says what the profile found and which profilers failed, in words
        LogChunk log = runs.log(p.id(), run.id(), 0, MAX_LOG_BYTES);
        for (String line : log.text().split("\n")) {
            String text = line.replaceFirst("^\\S+Z ", "");
            if (text.startsWith("profile of version ") || text.matches("profiler '.*' \\(.*\\) failed at stage .*")) {
                out.append(text.startsWith("profiler") ? "  " : "").append(text).append('\n');
            }
        }
        List<Artifact> artifacts = runs.artifacts(p.id(), run.id());
        Table table = new Table("ARTIFACT", "NAME", "TYPE", "BYTES");
        for (Artifact a : artifacts) {
            if (a.type().startsWith("profile-")) {
                table.row(a.id(), a.name(), a.type(), a.size());
            }
        }
        if (table.size() > 0) {
            out.append(table);
        }
        return out.toString();
    }

    private static String optionNames(Map<String, Object> schema) {
        Object properties = schema == null ? null : schema.get("properties");
        if (!(properties instanceof Map<?, ?> map) || map.isEmpty()) {
            return null;
        }
        return String.join(", ", map.keySet().stream().map(String::valueOf).toList());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}

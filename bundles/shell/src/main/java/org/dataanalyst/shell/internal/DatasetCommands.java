package org.dataanalyst.shell.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.dataanalyst.api.Column;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.RunStatus;
import org.dataanalyst.api.SchemaDrift;
import org.dataanalyst.api.dataset.ConnectorInfo;
import org.dataanalyst.api.dataset.DatasetDetails;
import org.dataanalyst.api.dataset.DatasetService;
import org.dataanalyst.api.dataset.DatasetSummary;
import org.dataanalyst.api.dataset.IngestRequest;
import org.dataanalyst.api.dataset.Ingestion;
import org.dataanalyst.api.project.ProjectService;
import org.dataanalyst.api.run.RunService;
import org.dataanalyst.spi.connector.IngestTarget.OnError;
import org.dataanalyst.spi.connector.SourceSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code analyst:datasets}, {@code analyst:dataset}, {@code analyst:ingest}, {@code analyst:connectors}. */
@Component(service = DatasetCommands.class)
@GogoCommand(scope = "analyst", function = {"datasets", "dataset", "ingest", "connectors"})
public class DatasetCommands {

    /** How often {@code --wait} looks at the run, at first and at most. */

    private final DatasetService datasets;
    private final ProjectService projects;
    private final RunService runs;

    @Activate
    public DatasetCommands(@Reference DatasetService datasets, @Reference ProjectService projects,
                           @Reference RunService runs) {
        this.datasets = datasets;
        this.projects = projects;
        this.runs = runs;
    }

    @Descriptor("list a project's datasets, oldest first: versions, size of the latest, last ingest, drift warning")
    public String datasets(
            @Descriptor("index of the first dataset to show") @Parameter(names = {"-o", "--offset"}, absentValue = "0") int offset,
            @Descriptor("how many datasets to show (1-500)") @Parameter(names = {"-l", "--limit"}, absentValue = "50") int limit,
            @Descriptor("the project's id or name") String project) {
        return Text.attempt(() -> {
            Page.checkArguments(offset, limit);
            Project p = Projects.find(projects, project);
            Page<DatasetSummary> page = datasets.list(p.id(), offset, limit);
            Table table = new Table("ID", "NAME", "VERSIONS", "ROWS", "COLUMNS", "LAST INGEST", "DRIFT", "UPDATED",
                    "LAST PROFILE");
            for (DatasetSummary d : page.items()) {
                table.row(d.id(), d.name(), d.versionCount(), d.rowCount(), d.columnCount(),
                        d.lastIngestStatus() == null ? null : lower(d.lastIngestStatus()),
                        d.driftWarning() ? "breaking" : null, d.updatedAt(), ProfileSummaries.brief(d.profile()));
            }
            return (table.size() > 0 ? table.toString() : "") + Text.footer(page, "datasets of project " + p.name());
        });
    }

    @Descriptor("show a dataset: its latest version's schema and source, its versions (newest first) and warnings")
    public String dataset(
            @Descriptor("index of the first version to show") @Parameter(names = {"-o", "--offset"}, absentValue = "0") int offset,
            @Descriptor("how many versions to show (1-500)") @Parameter(names = {"-l", "--limit"}, absentValue = "20") int limit,
            @Descriptor("the project's id or name") String project,
            @Descriptor("the dataset's id or name") String dataset) {
        return Text.attempt(() -> {
            Page.checkArguments(offset, limit);
            Project p = Projects.find(projects, project);
            return describe(p, Datasets.find(datasets, p, dataset, offset, limit));
        });
    }

    @Descriptor("ingest a source into a dataset (created if the project has none of that name) as a run; prints the "
            + "run's id, and with --wait follows the run to its end. Quote a location that references a secret "
            + "with single quotes: 'postgresql://me:${secret:pg}@db/shop'")
    public String ingest(
            @Descriptor("what to do with rows the source cannot read: fail (default) or skip (they go to the run's "
                    + "rejects artifact)") @Parameter(names = {"--on-error"}, absentValue = "fail") String onError,
            @Descriptor("make a new version even if the source is unchanged since the latest version")
            @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("wait for the run to end and print its outcome")
            @Parameter(names = {"-w", "--wait"}, presentValue = "true", absentValue = "false") boolean wait,
            @Descriptor("<project> <name> <kind> <location>, and any number of '-o key=value' connector options "
                    + "(see analyst:connectors)") String... arguments) {
        return Text.attempt(() -> {
            IngestArguments args = IngestArguments.parse((Object[]) arguments);
            OnError policy = onError(onError);
            Project p = Projects.find(projects, args.project());
            Map<String, Object> options = IngestArguments.typed(args.options(), optionsSchema(args.kind()));
            Ingestion ingestion = datasets.ingest(p.id(), new IngestRequest(args.name(),
                    new SourceSpec(args.kind(), args.location(), options), policy, force));
            Run run = ingestion.run();
            StringBuilder out = new StringBuilder();
            out.append("ingest run ").append(run.id()).append(" queued for dataset ").append(ingestion.dataset().name())
                    .append(" (").append(ingestion.dataset().id()).append(ingestion.datasetCreated() ? ", new" : "")
                    .append(")\n");
            if (!wait) {
                out.append("follow it with: analyst:run ").append(p.name()).append(' ').append(run.id()).append('\n');
                return out.toString();
            }
            return out.append(outcome(p, ingestion, Waiting.awaitEnd(runs, p, run))).toString();
        });
    }

    @Descriptor("list the running connectors: the source kinds they read and the options they take (all of them, "
            + "described, with analyst:connectors <kind>)")
    public String connectors() {
        return Text.attempt(() -> {
            List<ConnectorInfo> connectors = datasets.connectors();
            if (connectors.isEmpty()) {
                return "no connectors running\n";
            }
            Table table = new Table("NAME", "KINDS", "OPTIONS", "BUNDLE", "VERSION", "DESCRIPTION");
            for (ConnectorInfo c : connectors) {
                table.row(c.descriptor().name(), String.join(", ", c.kinds()), optionNames(c.descriptor().optionsSchema()),
                        c.bundle(), c.bundleVersion(), c.descriptor().description());
            }
            return table.toString();
        });
    }

    @Descriptor("show the connector that reads a source kind, with its options (for analyst:ingest -o key=value)")
    public String connectors(@Descriptor("a source kind, e.g. csv") String kind) {
        return Text.attempt(() -> {
            List<ConnectorInfo> connectors = datasets.connectors();
            ConnectorInfo c = connectors.stream().filter(i -> i.kinds().contains(kind)).findFirst()
                    .orElseThrow(() -> new org.dataanalyst.api.NotFoundException("no running connector reads kind '" + kind
                            + "'; known kinds: " + String.join(", ", connectors.stream().flatMap(i -> i.kinds().stream())
                            .sorted().toList())));
            StringBuilder out = new StringBuilder(Text.block("name", c.descriptor().name(), "title", c.descriptor().title(),
                    "kinds", String.join(", ", c.kinds()), "bundle", c.bundle() + " " + c.bundleVersion(),
                    "description", c.descriptor().description()));
            Object properties = c.descriptor().optionsSchema().get("properties");
            if (properties instanceof Map<?, ?> options && !options.isEmpty()) {
                Table table = new Table(300, "OPTION", "TYPE", "DESCRIPTION");
                options.forEach((name, schema) -> table.row(name, schema instanceof Map<?, ?> m ? typeOf(m) : null,
                        schema instanceof Map<?, ?> m ? m.get("description") : null));
                out.append('\n').append(table);
            }
            return out.toString();
        });
    }

    // ----------------------------------------------------------------------------------------------------------------

    /** @return e.g. {@code boolean}, {@code integer >= 0}, {@code array of string}, {@code one of a, b} */
    private static String typeOf(Map<?, ?> schema) {
        Object type = schema.get("type");
        String text = type instanceof List<?> list ? String.join("|", list.stream().map(String::valueOf).toList())
                : String.valueOf(type);
        if (schema.get("enum") instanceof List<?> values) {
            return "one of " + String.join(", ", values.stream().map(String::valueOf).toList());
        }
        if (schema.get("items") instanceof Map<?, ?> items) {
            text += " of " + items.get("type");
        }
        if (schema.get("additionalProperties") instanceof Map<?, ?> entries) {
            text += " of " + entries.get("type") + " (-o name.key=value)";
        }
        if (schema.get("minimum") != null) {
            text += " >= " + schema.get("minimum");
        }
        return text;
    }

    private String describe(Project p, DatasetDetails details) {
        DatasetVersion latest = details.latest();
        Run lastRun = details.latestRun();
        StringBuilder out = new StringBuilder(Text.block(
                "id", details.dataset().id(),
                "name", details.dataset().name(),
                "project", p.name() + " (" + p.id() + ")",
                "created", details.dataset().createdAt(),
                "latest", latest == null ? "no version yet" : "version " + latest.number() + ", " + latest.rowCount()
                        + " rows, " + latest.schema().columns().size() + " columns, " + latest.sizeBytes() + " bytes, "
                        + Text.of(latest.createdAt()),
                "last ingest", lastRun == null ? null : lastRun.id() + " " + lower(lastRun.status())
                        + (lastRun.reason() == null ? "" : ": " + lastRun.reason()),
                "last profile", ProfileSummaries.full(details.profile())));
        details.warnings().forEach(w -> out.append("warning: ").append(w.replaceAll("\\s+", " ").strip()).append('\n'));
        if (latest != null) {
            if (!latest.source().isEmpty()) {
                out.append("\nsource of version ").append(latest.number()).append(":\n");
                out.append(indent(Text.block(flatten(latest.source()))));
            }
            out.append("\nschema of version ").append(latest.number()).append(":\n");
            Table schema = new Table("#", "COLUMN", "TYPE", "NULLABLE");
            int position = 1;
            for (Column c : latest.schema().columns()) {
                schema.row(position++, c.name(), c.type(), c.nullable() ? "yes" : "no");
            }
            out.append(schema);
        }
        Page<DatasetVersion> versions = details.versions();
        out.append("\nversions, newest first:\n");
        if (!versions.items().isEmpty()) {
            Table table = new Table("VERSION", "ROWS", "COLUMNS", "BYTES", "CREATED", "RUN", "DRIFT");
            for (DatasetVersion v : versions.items()) {
                table.row(v.number(), v.rowCount(), v.schema().columns().size(), v.sizeBytes(), v.createdAt(), v.runId(),
                        drift(v.drift()));
            }
            out.append(table);
        }
        out.append(Text.footer(versions, "versions"));
        return out.toString();
    }

    private String outcome(Project p, Ingestion ingestion, Run run) {
        if (!run.status().isTerminal()) {
            return Waiting.stillGoing(p, run);
        }
        StringBuilder out = new StringBuilder("run ").append(run.id()).append(' ').append(lower(run.status()));
        if (run.startedAt() != null && run.finishedAt() != null) {
            out.append(" after ").append(seconds(Duration.between(run.startedAt(), run.finishedAt())));
        }
        if (run.status() != RunStatus.SUCCEEDED) {
            out.append(run.reason() == null ? "" : ": " + run.reason()).append('\n');
            return out.append("log: analyst:run ").append(p.name()).append(' ').append(run.id()).append('\n').toString();
        }
        DatasetDetails details = datasets.get(p.id(), ingestion.dataset().id(), 0, 1);
        DatasetVersion latest = details.latest();
        if (latest != null && run.id().equals(latest.runId())) {
            out.append(": version ").append(latest.number()).append(" of ").append(details.dataset().name()).append(", ")
                    .append(latest.rowCount()).append(" rows, ").append(latest.schema().columns().size()).append(" columns");
            if (latest.drift() != null && !latest.drift().isEmpty()) {
                out.append("; schema drift: ").append(drift(latest.drift()));
            }
        } else if (latest != null) {
            out.append(": no new version, the source is unchanged since version ").append(latest.number())
                    .append(" (--force makes one anyway)");
        }
        out.append('\n');
        details.warnings().forEach(w -> out.append("warning: ").append(w.replaceAll("\\s+", " ").strip()).append('\n'));
        return out.toString();
    }

    /** The options schema of the connector that reads this kind, or {@code null} when none runs. */
    private Map<String, Object> optionsSchema(String kind) {
        for (ConnectorInfo c : datasets.connectors()) {
            if (c.kinds().contains(kind)) {
                return c.descriptor().optionsSchema();
            }
        }
        return null;
    }

    private static OnError onError(String value) {
        String v = value == null ? "fail" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "fail" -> OnError.FAIL;
            case "skip" -> OnError.SKIP;
            default -> throw new InvalidRequestException("--on-error must be fail or skip, was '" + value + "'");
        };
    }

    private static String optionNames(Map<String, Object> schema) {
        Object properties = schema == null ? null : schema.get("properties");
        if (!(properties instanceof Map<?, ?> map) || map.isEmpty()) {
            return null;
        }
        return String.join(", ", map.keySet().stream().map(String::valueOf).toList());
    }

    private static String drift(SchemaDrift drift) {
        if (drift == null) {
            return null;
        }
        if (drift.isEmpty()) {
            return "none";
        }
        int n = drift.changes().size();
        return n + (n == 1 ? " change" : " changes") + (drift.breaking() ? ", breaking" : "");
    }

    private static Object[] flatten(Map<String, Object> map) {
        Object[] keysAndValues = new Object[map.size() * 2];
        int i = 0;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            keysAndValues[i++] = e.getKey();
            keysAndValues[i++] = e.getValue();
        }
        return keysAndValues;
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}

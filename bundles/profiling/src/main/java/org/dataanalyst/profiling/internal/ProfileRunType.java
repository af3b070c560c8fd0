package org.dataanalyst.profiling.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Schema;
import org.dataanalyst.api.catalog.Catalog;
import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.profile.ProfileService;
import org.dataanalyst.api.profile.ProfilerInfo;
import org.dataanalyst.api.profile.RuleSet;
import org.dataanalyst.api.run.RunContext;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.api.run.RunType;
import org.dataanalyst.api.run.RunTypeName;
import org.dataanalyst.spi.profiler.Profiler;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code profile} run type, and the {@link ProfileService} that lists the running profilers. Profilers
 * are tracked with a dynamic, greedy, multiple reference; each run takes a snapshot of them when it starts
 * and keeps none beyond it (see {@link ProfileJob}).
 */
@Component(service = {RunType.class, ProfileService.class}, configurationPid = ProfileRunType.PID)
@Designate(ocd = ProfilingConfig.class)
@RunTypeName(type = ProfileService.RUN_TYPE)
public final class ProfileRunType implements RunType, ProfileService {

    /** Configuration PID of profiling. */
    public static final String PID = "org.dataanalyst.profiling";

    private final Catalog catalog;
    private final Engine engine;
    private final ProfilerRegistry profilers;
    private volatile Settings settings;

    /** DS activation. */
    @Activate
    public ProfileRunType(@Reference Catalog catalog, @Reference Engine engine, ProfilingConfig config) {
        this(catalog, engine, new ProfilerRegistry(), Settings.of(config));
    }

    /** With explicit parts (tests, tools). */
    ProfileRunType(Catalog catalog, Engine engine, ProfilerRegistry profilers, Settings settings) {
        this.catalog = catalog;
        this.engine = engine;
        this.profilers = profilers;
        this.settings = settings;
    }

    /** DS: a new configuration applies to runs that start after it. */
    @Modified
    void modified(ProfilingConfig config) {
        settings = Settings.of(config);
    }

    /** DS: a profiler service appeared. */
    @Reference(name = "profilers", service = Profiler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindProfiler")
    void bindProfiler(Profiler profiler, ServiceReference<Profiler> reference) {
        profilers.add(profiler, reference);
    }

    void unbindProfiler(Profiler profiler) {
        profilers.remove(profiler);
    }

    // --- ProfileService ---

    @Override
    public List<ProfilerInfo> profilers() {
        List<ProfilerInfo> infos = new ArrayList<>();
        for (Lineup.Member m : Lineup.of(profilers.snapshot()).members().values()) {
            infos.add(new ProfilerInfo(m.name(), m.descriptor().title(), m.descriptor().description(),
                    m.descriptor().optionsSchema(), m.entry().bundle(), m.entry().bundleVersion(), m.ruleTypes()));
        }
        return infos;
    }

    // --- RunType ---

    @Override
    public Descriptor descriptor() {
        Map<String, Object> byProfiler = new LinkedHashMap<>();
        for (Lineup.Member m : Lineup.of(profilers.snapshot()).members().values()) {
            byProfiler.put(m.name(), m.descriptor().optionsSchema());
        }
        Map<String, Object> profilerOptions = new LinkedHashMap<>();
        profilerOptions.put("type", "object");
        profilerOptions.put("description", "options by profiler name (see GET /api/profilers)");
        profilerOptions.put("properties", byProfiler);
        profilerOptions.put("additionalProperties", false);
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("type", "array");
        rules.put("description", "the rule checks to evaluate (docs/profilers.md); when absent, the dataset's declared rules "
                + "(PUT /api/projects/{id}/datasets/{dataset_id}/rules) at the time the run is submitted");
        rules.put("items", Map.of("type", "object", "required", List.of("type"),
                "properties", Map.of("type", Map.of("type", "string", "enum", Lineup.of(profilers.snapshot()).ruleTypes()))));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(Params.PROFILERS, profilerOptions);
        properties.put(Params.RULES, rules);
        schema.put("properties", properties);
        schema.put("additionalProperties", false);
        return new Descriptor(RUN_TYPE, "Profile",
                "Profiles a dataset version with every running profiler: per-column statistics, quality checks and "
                        + "alerts, in few scans; writes profile.json and a self-contained profile.html.", schema);
    }

    /**
     * Accepts a request for a dataset that has at least one version (the named one, or else the latest, which
     * the run resolves when it starts), with options only for running profilers that fit their schemas.
     */
    @Override
    public void validate(String projectId, RunRequest request) {
        if (request.datasetId() == null) {
            throw new InvalidRequestException("a profile run needs a dataset_id (and optionally a dataset_version_id)");
        }
        Dataset dataset = catalog.dataset(projectId, request.datasetId()).orElseThrow(() -> new InvalidRequestException(
                "dataset '" + request.datasetId() + "' does not exist in project '" + projectId + "'"));
        if (request.datasetVersionId() == null && catalog.latestVersion(dataset.id()).isEmpty()) {
            throw new InvalidRequestException("dataset '" + dataset.name() + "' (" + dataset.id()
                    + ") has no version to profile yet; ingest data into it first");
        }
        Lineup lineup = Lineup.of(profilers.snapshot());
        Params params = Params.parse(request.params(), lineup);
        if (!params.rules().isEmpty()) {
            DatasetVersion version = request.datasetVersionId() == null ? catalog.latestVersion(dataset.id()).orElseThrow()
                    : catalog.version(request.datasetVersionId()).filter(v -> v.datasetId().equals(dataset.id()))
                    .orElseThrow(() -> new InvalidRequestException("dataset '" + dataset.name() + "' has no version "
                            + request.datasetVersionId()));
            List<String> problems = Rules.problems(params.rules(), lineup, version.schema());
            if (!problems.isEmpty()) {
                throw new InvalidRequestException("params.rules: " + String.join("; ", problems));
            }
        }
    }

    /**
     * Names the latest version when the request names none, and copies the dataset's declared rules into the
     * parameters when the request gives none: an equal run is then reused only for the same data and the same
     * rules, and the run records what it checked.
     */
    @Override
    public RunRequest resolve(String projectId, RunRequest request) {
        String versionId = request.datasetVersionId() != null ? request.datasetVersionId()
                : catalog.latestVersion(request.datasetId()).map(DatasetVersion::id).orElse(null);
        Map<String, Object> params = request.params();
        if (!params.containsKey(Params.RULES)) {
            List<Map<String, Object>> declared = catalog.rules(request.datasetId()).map(RuleSet::rules).orElse(List.of());
            if (!declared.isEmpty()) {
                params = new LinkedHashMap<>(params);
                params.put(Params.RULES, declared);
            }
        }
        return new RunRequest(request.type(), request.datasetId(), versionId, params, request.force());
    }

    // --- rules ---

    @Override
    public RuleSet rules(String projectId, String datasetId) {
        Dataset dataset = dataset(projectId, datasetId);
        return catalog.rules(dataset.id()).orElseGet(() -> new RuleSet(dataset.id(), List.of(), null));
    }

    @Override
    public RuleSet putRules(String projectId, String datasetId, List<Map<String, Object>> rules) {
        Dataset dataset = dataset(projectId, datasetId);
        List<Map<String, Object>> read = Rules.read(rules, "rules");
        if (!read.isEmpty()) {
            Schema schema = catalog.latestVersion(dataset.id()).map(DatasetVersion::schema).orElse(null);
            List<String> problems = Rules.problems(read, Lineup.of(profilers.snapshot()), schema);
            if (!problems.isEmpty()) {
                throw new InvalidRequestException("the rules of dataset '" + dataset.name() + "' were not changed: "
                        + String.join("; ", problems));
            }
        }
        RuleSet stored = new RuleSet(dataset.id(), read, Instant.now());
        catalog.putRules(stored);
        return stored;
    }

    private Dataset dataset(String projectId, String datasetId) {
        return catalog.dataset(projectId, datasetId).orElseThrow(() -> new NotFoundException(
                "dataset '" + datasetId + "' does not exist in project '" + projectId + "'"));
    }

    @Override
    public void execute(RunContext context) throws Exception {
        Settings current = settings;
        new ProfileJob(context, catalog, engine, Lineup.of(profilers.snapshot()), current).execute();
    }
}

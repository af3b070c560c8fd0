package org.dataanalyst.profiling.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.catalog.Catalog;
import org.dataanalyst.api.engine.Engine;
import org.dataanalyst.api.profile.ProfileService;
import org.dataanalyst.api.profile.ProfilerInfo;
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
                    m.descriptor().optionsSchema(), m.entry().bundle(), m.entry().bundleVersion()));
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
        schema.put("properties", Map.of(Params.PROFILERS, profilerOptions));
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
        Params.parse(request.params(), Lineup.of(profilers.snapshot()));
    }

    /** Names the latest version when the request names none, so an equal run is reused only for the same data. */
    @Override
    public RunRequest resolve(String projectId, RunRequest request) {
        if (request.datasetVersionId() != null) {
            return request;
        }
        return catalog.latestVersion(request.datasetId())
                .map(v -> new RunRequest(request.type(), request.datasetId(), v.id(), request.params(), request.force()))
                .orElse(request);
    }

    @Override
    public void execute(RunContext context) throws Exception {
        Settings current = settings;
        new ProfileJob(context, catalog, engine, Lineup.of(profilers.snapshot()), current).execute();
    }
}

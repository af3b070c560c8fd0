package org.dataanalyst.api.profile;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** What the profiling bundle tells clients about profiles. */
@ProviderType
public interface ProfileService {

    /** The run type that computes a profile. */
    String RUN_TYPE = "profile";

    /** Artifact type of a profile run's {@code profile.json}. */
    String JSON_ARTIFACT_TYPE = "profile-json";

    /** Artifact type of a profile run's {@code profile.html}. */
    String HTML_ARTIFACT_TYPE = "profile-html";

    /** @return the profilers running now, by name; a profile run uses the profilers running when it starts */
    List<ProfilerInfo> profilers();

    /**
     * @return the rule checks declared for a dataset (an empty set when none are)
     * @throws org.dataanalyst.api.NotFoundException when the project has no such dataset
     */
    RuleSet rules(String projectId, String datasetId);

    /**
     * Replaces the rule checks of a dataset. Each rule is checked first against the columns of the dataset's
     * latest version by the running profiler that evaluates its type; nothing is stored unless every rule
     * passes.
     *
     * @param rules the rules, in order; empty to remove them all
     * @return what is stored now
     * @throws org.dataanalyst.api.NotFoundException       when the project has no such dataset
     * @throws org.dataanalyst.api.InvalidRequestException naming every rule that cannot be checked, and why
     */
    RuleSet putRules(String projectId, String datasetId, List<Map<String, Object>> rules);
}

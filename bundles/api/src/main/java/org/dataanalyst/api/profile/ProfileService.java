package org.dataanalyst.api.profile;

import java.util.List;

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
}

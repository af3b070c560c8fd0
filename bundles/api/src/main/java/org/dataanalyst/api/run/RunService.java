package org.dataanalyst.api.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.SortedMap;

import org.dataanalyst.api.Artifact;
import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Run;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The run engine. Runs execute on a bounded worker pool, never on the caller's thread.
 */
@ProviderType
public interface RunService {

    /**
     * Queues a run, or returns the existing one with the same idempotency key (type, dataset version,
     * parameters) that is queued, running or succeeded — unless {@link RunRequest#force()}.
     *
     * @throws org.dataanalyst.api.NotFoundException       when the project does not exist
     * @throws org.dataanalyst.api.InvalidRequestException when the type is unknown (the message lists the
     *                                                     known ones) or the run type rejects the request
     */
    Submission submit(String projectId, RunRequest request);

    /**
     * The answer to {@link #submit}.
     *
     * @param run     the queued run, or the existing equal one
     * @param created whether {@code run} was created by this call ({@code false}: an equal run was reused)
     */
    record Submission(Run run, boolean created) {
        public Submission {
            java.util.Objects.requireNonNull(run, "run");
        }
    }

    /** @throws org.dataanalyst.api.NotFoundException when there is no such run in that project */
    Run get(String projectId, String runId);

    /** @return the project's runs, newest first */
    Page<Run> list(String projectId, int offset, int limit);

    /**
     * Cancels a run: a queued run ends at once, a running one as soon as its run type notices.
     * Cancelling a run that has ended changes nothing.
     *
     * @return the run as it is now
     */
    Run cancel(String projectId, String runId);

    /**
     * Reads a run's log from a byte offset; works while the run is live.
     *
     * @param maxBytes the most bytes to return
     */
    LogChunk log(String projectId, String runId, long offset, int maxBytes);

    /** @return the known run types by name, with their descriptors */
    SortedMap<String, Descriptor> types();

    /** @return the artifacts of a run */
    List<Artifact> artifacts(String projectId, String runId);

    /** @throws org.dataanalyst.api.NotFoundException when there is no such artifact in that project */
    Artifact artifact(String projectId, String artifactId);

    /** Opens an artifact's content for reading; the caller closes the stream. */
    InputStream openArtifact(String projectId, String artifactId) throws IOException;
}

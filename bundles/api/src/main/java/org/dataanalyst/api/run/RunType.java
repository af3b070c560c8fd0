package org.dataanalyst.api.run;

import org.dataanalyst.api.Descriptor;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of run ({@code ingest}, {@code profile}, …) contributed as an OSGi service. The service must
 * carry the property {@value #TYPE_PROPERTY} (use {@link RunTypeName}); the engine picks run types up
 * and drops them while the platform runs.
 *
 * <p>An exception thrown from {@link #execute} fails the run with the exception's message as its
 * reason; it never affects other runs.
 */
@ConsumerType
public interface RunType {

    /** Service property naming the run type. */
    String TYPE_PROPERTY = "analyst.run.type";

    /** @return how the run type describes itself, including its parameter schema */
    Descriptor descriptor();

    /**
     * Checks a request before anything is queued; the default accepts everything.
     *
     * @throws org.dataanalyst.api.InvalidRequestException to refuse it (HTTP 400)
     */
    default void validate(String projectId, RunRequest request) {
    }

    /**
     * Completes a validated request before its idempotency key is computed, e.g. fills in the latest
     * dataset version when the request names none, so that an equal run is only reused for the same
     * data. The default returns the request unchanged.
     *
     * @return the request to queue: same type and dataset
     */
    default RunRequest resolve(String projectId, RunRequest request) {
        return request;
    }

    /**
     * Does the work on a worker thread. Should check {@link RunContext#isCancelled()} between steps
     * and return early when cancelled; the thread is also interrupted on cancel.
     *
     * @throws Exception to fail the run; its message becomes the run's reason
     */
    void execute(RunContext context) throws Exception;
}

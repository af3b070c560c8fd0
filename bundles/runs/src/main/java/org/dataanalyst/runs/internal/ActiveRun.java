package org.dataanalyst.runs.internal;

import org.dataanalyst.api.Run;
import org.dataanalyst.api.run.RunType;

/**
 * What the engine knows about a run of this process that has not ended yet. Every state change of the
 * run (start, progress, cancel, end) happens while holding this object's monitor, so that a cancel and a
 * worker never both decide how the run ends.
 */
final class ActiveRun {
    final String projectId;
    final String runId;
    /** Queued before this engine started (carried over from an earlier process). */
    final boolean recovered;

    /** Cancellation was asked for. */
    volatile boolean cancelled;
    /** The run should stop: cancelled, or aborted by the engine (see {@link #abortReason}). */
    volatile boolean stopRequested;

    // guarded by this
    Run current;
    Thread worker;
    RunType executing;
    RunLog log;
    /** The run type has returned: how the run ends is decided, a cancel comes too late. */
    boolean completing;
    boolean finished;
    String abortReason;

    ActiveRun(Run run, boolean recovered) {
        this.projectId = run.projectId();
        this.runId = run.id();
        this.recovered = recovered;
        this.current = run;
    }
}

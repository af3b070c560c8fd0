package org.dataanalyst.shell.internal;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.dataanalyst.api.Project;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.run.RunService;

/** How a command with {@code --wait} follows its run to the end. */
final class Waiting {

    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private Waiting() {
    }

    /**
     * Polls the run until it ends, backing off from 50 to 500 ms. Ctrl-C in the console interrupts the command's
     * thread: then this stops waiting (the interrupt is consumed, it has been acted on) and returns the run as it
     * is; the run goes on.
     */
    static Run awaitEnd(RunService runs, Project p, Run queued) {
        long pause = FIRST_POLL_NANOS;
        Run run = queued;
        while (!run.status().isTerminal()) {
            LockSupport.parkNanos(pause);
            run = runs.get(p.id(), queued.id());
            if (Thread.interrupted()) {
                return run;
            }
            pause = Math.min(MAX_POLL_NANOS, pause * 2);
        }
        return run;
    }

    /** @return what to say of a run still going when waiting stopped */
    static String stillGoing(Project p, Run run) {
        return "stopped waiting; run " + run.id() + " is " + run.status().name().toLowerCase(Locale.ROOT)
                + " and goes on; follow it with: analyst:run " + p.name() + " " + run.id() + "\n";
    }
}

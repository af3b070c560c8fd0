package org.dataanalyst.profiling.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls into profiler code on threads of its own, so that a profiler that hangs or takes too long fails its
 * section (stage {@code budget}) instead of holding up the profile. Each profiler has one budget for the
 * whole profile ({@code budget_seconds}); every call spends from it. A call that runs out of budget is
 * interrupted and abandoned: its thread is a daemon and is interrupted again when the profile ends.
 */
final class Sandbox implements AutoCloseable {

    /** What happens when a call fails. */
    interface Listener {
        void failed(Slot slot, String stage, String reason, Throwable cause);
    }

    private final ExecutorService pool;
    private final Duration budget;
    private final Listener listener;

    Sandbox(String runId, Duration budget, Listener listener) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "analyst-profile-" + runId + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newCachedThreadPool(threads);
        this.budget = budget;
        this.listener = listener;
    }

    /**
     * Runs a profiler's code within what is left of its budget.
     *
     * @param stage the stage a failure is recorded under ({@code budget} when time runs out)
     * @return the result, or {@code null} when the call failed (then {@code slot} is failed) or returned {@code null}
     * @throws InterruptedException when the run itself is interrupted (cancelled); the call is interrupted too
     */
    <T> T call(Slot slot, String stage, String what, Callable<T> task) throws InterruptedException {
        if (!slot.alive()) return null;
        long left = slot.budgetLeftNanos;
        if (left <= 0) {
            fail(slot, Failure.BUDGET, overBudget(what), null);
            return null;
        }
        long t0 = System.nanoTime();
        Future<T> future = pool.submit(task);
        try {
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            fail(slot, Failure.BUDGET, overBudget(what), null);
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            fail(slot, stage, what + " failed: " + Failures.describe(cause), cause);
            return null;
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } finally {
            slot.budgetLeftNanos -= System.nanoTime() - t0;
        }
    }

    private String overBudget(String what) {
        return "exceeded its time budget of " + budget.toSeconds() + " s (budget_seconds of org.dataanalyst.profiling) while "
                + what;
    }

    private void fail(Slot slot, String stage, String reason, Throwable cause) {
        if (slot.fail(stage, reason)) {
            listener.failed(slot, stage, reason, cause);
        }
    }

    /** Interrupts whatever profiler code is still running (abandoned calls). */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}

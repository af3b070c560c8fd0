package org.dataanalyst.datasets.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting on state with a deadline, for tests (no fixed sleeps). */
final class Await {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Await() {
    }

    static <T> T until(Supplier<T> value, Predicate<? super T> condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            T current = value.get();
            if (condition.test(current)) return current;
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + "; last value: " + current);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    static void latch(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what);
        }
    }
}

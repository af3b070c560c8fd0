package org.dataanalyst.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.dataanalyst.api.Page;
import org.junit.jupiter.api.Test;

/** {@link PageCache} on its own, with a fake commit counter, foreign-commit probe and clock. */
class PageCacheTest {

    private static final long INTERVAL = 1_000;

    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong clock = new AtomicLong(5);
    private final AtomicInteger probes = new AtomicInteger();
    private volatile boolean foreignChange;
    private final AtomicInteger loads = new AtomicInteger();

    private final PageCache<String> cache = new PageCache<>(commits::get, () -> {
        probes.incrementAndGet();
        boolean changed = foreignChange;
        foreignChange = false;
        return changed;
    }, INTERVAL, clock::get);

    private Page<String> get() {
        return cache.get(0, 10, (offset, limit) -> new Page<>(List.of("load " + loads.incrementAndGet()), offset, limit, 1));
    }

    @Test
    void aHitLoadsNothingAndChecksForForeignCommitsOnlyOncePerInterval() {
        Page<String> first = get();
        assertSame(first, get());
        clock.addAndGet(INTERVAL - 1);
        assertSame(first, get());
        assertEquals(1, loads.get());
        assertEquals(1, probes.get(), "only the first request asked");

        clock.addAndGet(1);
        assertSame(first, get());
        assertEquals(2, probes.get());
    }

    @Test
    void anOwnCommitDropsThePageAtOnce() {
        get();
        commits.incrementAndGet();
        assertEquals(List.of("load 2"), get().items());
        assertEquals(List.of("load 2"), get().items());
    }

    @Test
    void aPageLoadedWhileACommitHappensIsNotReused() {
        // the commit lands after the generation was read, while the (old) page is being loaded
        Page<String> stale = cache.get(0, 10, (offset, limit) -> {
            commits.incrementAndGet();
            return new Page<>(List.of("before the commit"), offset, limit, 1);
        });
        assertEquals(List.of("before the commit"), stale.items());
        assertEquals(List.of("load 1"), get().items());
    }

    @Test
    void aForeignCommitIsNoticedAtTheNextCheck() {
        get();
        foreignChange = true;
        assertEquals(List.of("load 1"), get().items(), "within the interval the page may be stale");
        clock.addAndGet(INTERVAL);
        assertEquals(List.of("load 2"), get().items());
        assertEquals(List.of("load 2"), get().items());
    }
}

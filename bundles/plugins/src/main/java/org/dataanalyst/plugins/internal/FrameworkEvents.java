package org.dataanalyst.plugins.internal;

import java.util.EventObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;

/**
 * Bundle and framework events queued from the moment this is opened, so that an install or uninstall can wait for
 * what FileInstall does with a jar without missing an event and without polling the bundle state.
 *
 * <p>Asynchronous listeners on purpose: the framework calls them after the synchronous ones, so when a
 * {@code STARTED} event arrives here, Declarative Services has already registered the bundle's components.
 */
final class FrameworkEvents implements BundleListener, FrameworkListener, AutoCloseable {

    private final BundleContext context;
    private final BlockingQueue<EventObject> events = new LinkedBlockingQueue<>();

    private FrameworkEvents(BundleContext context) {
        this.context = context;
    }

    static FrameworkEvents open(BundleContext context) {
        FrameworkEvents events = new FrameworkEvents(context);
        context.addBundleListener(events);
        context.addFrameworkListener(events);
        return events;
    }

    /**
     * @param deadline {@link System#nanoTime()} by which to give up
     * @return the next event, or {@code null} when none came before the deadline
     */
    EventObject next(long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        return left <= 0 ? events.poll() : events.poll(left, TimeUnit.NANOSECONDS);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        events.add(event);
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        events.add(event);
    }

    @Override
    public void close() {
        try {
            context.removeBundleListener(this);
            context.removeFrameworkListener(this);
        } catch (IllegalStateException stopped) {
            // our bundle is stopping: the framework drops the listeners itself
        }
    }
}

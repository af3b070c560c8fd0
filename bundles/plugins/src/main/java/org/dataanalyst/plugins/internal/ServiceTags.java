package org.dataanalyst.plugins.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.run.RunType;
import org.dataanalyst.spi.analyzer.Analyzer;
import org.dataanalyst.spi.connector.Connector;
import org.dataanalyst.spi.profiler.Profiler;
import org.dataanalyst.spi.reporter.Reporter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Describes the services a plugin bundle registers as short tags: {@code run-type:echo}, {@code connector:csv},
 * {@code profiler:columns}, {@code analyzer:…}, {@code reporter:…}; any other service by its object class.
 *
 * <p>Run types and connectors name themselves in service properties. Profilers, analyzers and reporters only
 * through {@code descriptor()}: that is asked once per service registration and remembered.
 */
final class ServiceTags {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceTags.class);

    private final BundleContext context;
    private final Map<Long, String> describedNames = new ConcurrentHashMap<>();

    ServiceTags(BundleContext context) {
        this.context = context;
    }

    List<String> of(Bundle bundle) {
        ServiceReference<?>[] references;
        try {
            references = bundle.getRegisteredServices();
        } catch (IllegalStateException uninstalled) {
            return List.of();
        }
        if (references == null) {
            return List.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (ServiceReference<?> reference : references) {
            Object classes = reference.getProperty(Constants.OBJECTCLASS);
            if (!(classes instanceof String[] names)) {
                continue;
            }
            for (String name : names) {
                tags.addAll(tags(reference, name));
            }
        }
        return new ArrayList<>(tags);
    }

    /** Forgets what was asked of services that are gone. */
    void retainOnly(Set<Long> liveServiceIds) {
        describedNames.keySet().retainAll(liveServiceIds);
    }

    private List<String> tags(ServiceReference<?> reference, String objectClass) {
        if (objectClass.equals(RunType.class.getName())) {
            return prefixed("run-type:", reference.getProperty(RunType.TYPE_PROPERTY));
        }
        if (objectClass.equals(Connector.class.getName())) {
            return prefixed("connector:", reference.getProperty(Connector.KIND_PROPERTY));
        }
        if (objectClass.equals(Profiler.class.getName())) {
            return List.of("profiler:" + described(reference, Profiler.class, Profiler::descriptor));
        }
        if (objectClass.equals(Analyzer.class.getName())) {
            return List.of("analyzer:" + described(reference, Analyzer.class, Analyzer::descriptor));
        }
        if (objectClass.equals(Reporter.class.getName())) {
            return List.of("reporter:" + described(reference, Reporter.class, Reporter::descriptor));
        }
        return List.of(objectClass);
    }

    private static List<String> prefixed(String prefix, Object value) {
        List<String> tags = new ArrayList<>();
        if (value instanceof String[] values) {
            for (String v : values) {
                tags.add(prefix + v);
            }
        } else if (value instanceof Iterable<?> values) {
            values.forEach(v -> tags.add(prefix + v));
        } else if (value != null) {
            tags.add(prefix + value);
        }
        if (tags.isEmpty()) {
            tags.add(prefix + "?");
        }
        return tags;
    }

    private <S> String described(ServiceReference<?> reference, Class<S> type, Function<S, Descriptor> descriptor) {
        Long id = (Long) reference.getProperty(Constants.SERVICE_ID);
        return describedNames.computeIfAbsent(id, key -> ask(reference, type, descriptor));
    }

    private <S> String ask(ServiceReference<?> reference, Class<S> type, Function<S, Descriptor> descriptor) {
        Object fallback = reference.getProperty("component.name");
        String fallbackName = fallback == null ? "service-" + reference.getProperty(Constants.SERVICE_ID) : fallback.toString();
        @SuppressWarnings("unchecked")
        ServiceReference<Object> ref = (ServiceReference<Object>) reference;
        Object service = null;
        try {
            service = context.getService(ref);
            if (service == null || !type.isInstance(service)) {
                return fallbackName;
            }
            return descriptor.apply(type.cast(service)).name();
        } catch (RuntimeException e) {
            // A plugin's failure is data: the list still shows the service, under its component name.
            LOG.warn("{} of bundle {} failed to describe itself: {}", type.getSimpleName(),
                    reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName(), e.toString());
            return fallbackName;
        } finally {
            if (service != null) {
                try {
                    context.ungetService(ref);
                } catch (IllegalStateException ignored) {
                    // the service or our context went away meanwhile
                }
            }
        }
    }
}

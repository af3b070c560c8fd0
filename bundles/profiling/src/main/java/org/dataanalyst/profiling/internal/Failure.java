package org.dataanalyst.profiling.internal;

import java.util.Objects;

/**
 * A profiler's section that could not be made.
 *
 * @param profiler the profiler's name (its bundle's name when it could not say its name)
 * @param bundle   {@code symbolic-name/version} of the plugin bundle
 * @param stage    {@code metrics}, {@code scan}, {@code accumulate}, {@code interpret} or {@code budget}
 * @param reason   what went wrong, for people
 */
record Failure(String profiler, String bundle, String stage, String reason) {

    static final String METRICS = "metrics";
    static final String SCAN = "scan";
    static final String ACCUMULATE = "accumulate";
    static final String INTERPRET = "interpret";
    static final String BUDGET = "budget";

    Failure {
        Objects.requireNonNull(profiler, "profiler");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
    }
}

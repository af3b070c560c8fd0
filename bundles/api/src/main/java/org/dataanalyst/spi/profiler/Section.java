package org.dataanalyst.spi.profiler;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A profiler's contribution to a profile.
 *
 * @param content its section of {@code profile.json} (JSON-compatible: maps, lists, strings, numbers,
 *                booleans); every figure says whether it is exact, see docs/profile-json.md
 * @param alerts  what a user should look at
 * @param checks  pass / warn / fail results of thresholds and declared rules
 */
public record Section(Map<String, Object> content, List<Alert> alerts, List<Check> checks) {
    public Section {
        Objects.requireNonNull(content, "content");
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** Severity of an alert. */
    public enum Severity { INFO, WARNING }

    /** Outcome of a check. */
    public enum Status { PASS, WARN, FAIL }

    /**
     * @param kind     e.g. {@code constant}, {@code high_missing}, {@code high_cardinality}, {@code unique},
     *                 {@code skewed}, {@code many_zeros}, {@code imbalance}, {@code duplicates}, {@code mixed_types}
     * @param column   the column, or {@code null} for the dataset
     * @param severity how much it matters
     * @param message  a sentence for people
     */
    public record Alert(String kind, String column, Severity severity, String message) {
        public Alert {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * @param name      e.g. {@code missing_cells}, {@code rule:not_null}
     * @param column    the column, or {@code null}
     * @param status    pass / warn / fail
     * @param observed  the measured value (JSON-compatible), or {@code null}
     * @param threshold what it was compared with, in words or a number, or {@code null}
     * @param message   a sentence for people
     */
    public record Check(String name, String column, Status status, Object observed, Object threshold, String message) {
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(message, "message");
        }
    }
}

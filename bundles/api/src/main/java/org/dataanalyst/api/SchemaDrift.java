package org.dataanalyst.api;

import java.util.List;
import java.util.Objects;

/**
 * How the schema of one dataset version differs from another's (normally the previous version).
 *
 * @param fromVersion the older version's number
 * @param toVersion   the newer version's number
 * @param changes     the changes, in the newer schema's column order (removed columns last)
 * @param breaking    whether any change is breaking: a removed column, a narrowing type change, or a
 *                    column that became nullable… see {@link Change#breaking()}
 */
public record SchemaDrift(int fromVersion, int toVersion, List<Change> changes, boolean breaking) {
    public SchemaDrift {
        changes = Checks.list(changes);
    }

    /** @return whether the two schemas are equal */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** What happened to one column. */
    public enum Kind {
        /** a column that is new in the newer version */
        ADDED,
        /** a column of the older version that is gone */
        REMOVED,
        /** same position, type and nullability, another name (only when that is unambiguous) */
        RENAMED,
        /** the column moved to another position (not counting shifts caused by added/removed columns) */
        MOVED,
        /** the engine type changed */
        TYPE_CHANGED,
        /** the column became nullable or not nullable */
        NULLABILITY_CHANGED
    }

    /**
     * One change.
     *
     * @param kind         what happened
     * @param column       the column's name in the older version (for {@code ADDED}: in the newer)
     * @param newName      for {@code RENAMED}: the name in the newer version, else {@code null}
     * @param fromType     the older engine type, or {@code null} for {@code ADDED}
     * @param toType       the newer engine type, or {@code null} for {@code REMOVED}
     * @param fromPosition 0-based position in the older version, or {@code null} for {@code ADDED}
     * @param toPosition   0-based position in the newer version, or {@code null} for {@code REMOVED}
     * @param fromNullable older nullability, or {@code null} for {@code ADDED}
     * @param toNullable   newer nullability, or {@code null} for {@code REMOVED}
     * @param breaking     whether consumers of the older schema may break: a removed or renamed column,
     *                     or a narrowing type change (e.g. {@code BIGINT → INTEGER}, {@code VARCHAR → BIGINT},
     *                     {@code DOUBLE → BIGINT}, a decimal losing precision or scale)
     * @param detail       a sentence for people, e.g. {@code "type BIGINT → VARCHAR (widening)"}
     */
    public record Change(Kind kind, String column, String newName, String fromType, String toType,
                         Integer fromPosition, Integer toPosition, Boolean fromNullable, Boolean toNullable,
                         boolean breaking, String detail) {
        public Change {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(column, "column");
            detail = detail == null ? "" : detail;
        }
    }
}

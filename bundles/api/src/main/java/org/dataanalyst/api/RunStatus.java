package org.dataanalyst.api;

/** The life cycle of a run: {@code QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED}. */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** @return whether the run has ended and will not change any more */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}

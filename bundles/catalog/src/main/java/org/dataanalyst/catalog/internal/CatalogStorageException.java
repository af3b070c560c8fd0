package org.dataanalyst.catalog.internal;

/** The catalog database failed (unreachable, locked for too long, disk full…): not the caller's fault. */
final class CatalogStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CatalogStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

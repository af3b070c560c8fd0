package org.dataanalyst.api.dataset;

/**
 * A file received into the project's {@code raw/} folder.
 *
 * @param location  its path relative to the workspace (e.g. {@code raw/u3k…/orders.csv}), usable as a source location
 * @param fileName  the file name as the client gave it, made safe
 * @param sizeBytes bytes received
 * @param sha256    lower-case hex SHA-256 of the content
 */
public record Upload(String location, String fileName, long sizeBytes, String sha256) {
}

package org.dataanalyst.api.secret;

import java.time.Instant;

/**
 * A secret, without its value.
 *
 * @param name      the name, referenced as {@code ${secret:name}}
 * @param createdAt when it was first stored
 * @param updatedAt when its value was last replaced
 */
public record SecretInfo(String name, Instant createdAt, Instant updatedAt) {
}

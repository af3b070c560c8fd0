package org.dataanalyst.api;

import java.time.Instant;

/**
 * An API bearer token as the platform shows it: never its secret, which exists only once, at creation.
 *
 * @param id        stable identifier
 * @param name      what the token is for
 * @param admin     whether it may use admin-only operations (tokens, plugins)
 * @param createdAt creation time
 */
public record ApiToken(String id, String name, boolean admin, Instant createdAt) {
    public ApiToken {
        Checks.text(id, "id");
        Checks.text(name, "name");
        java.util.Objects.requireNonNull(createdAt, "createdAt");
    }
}

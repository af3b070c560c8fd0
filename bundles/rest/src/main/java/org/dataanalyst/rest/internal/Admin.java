package org.dataanalyst.rest.internal;

import jakarta.ws.rs.core.SecurityContext;

import org.dataanalyst.api.ForbiddenException;

/** The admin-only check of the endpoints that manage tokens and plugins. */
final class Admin {
    private Admin() {
    }

    static void require(SecurityContext security) {
        if (security == null || !security.isUserInRole(AuthFilter.ADMIN_ROLE)) {
            throw new ForbiddenException("this needs an admin token");
        }
    }
}

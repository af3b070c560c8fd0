package org.dataanalyst.rest.internal;

import java.security.Principal;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.dataanalyst.api.ApiToken;
import org.dataanalyst.api.auth.TokenService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Bearer-token authentication for every endpoint except {@code GET /api/health}. Runs before
 * matching, so an unknown path without a token is 401, not 404: nothing about the API is revealed
 * to an anonymous caller.
 */
@Component(service = ContainerRequestFilter.class)
@JakartarsExtension
@JakartarsName("analyst-auth")
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {

    /** The role of admin tokens in the {@link SecurityContext}. */
    static final String ADMIN_ROLE = "admin";

    private static final String BEARER = "Bearer ";

    private final TokenService tokens;

    @Activate
    public AuthFilter(@Reference TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (isPublic(request)) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<ApiToken> token = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? tokens.authenticate(header.substring(BEARER.length()).trim())
                : Optional.empty();
        if (token.isEmpty()) {
            String detail = header == null ? "missing bearer token: send 'Authorization: Bearer <token>'"
                    : "invalid or revoked bearer token";
            request.abortWith(unauthorized(detail, request));
            return;
        }
        request.setSecurityContext(new TokenSecurityContext(token.get(), request.getSecurityContext().isSecure()));
    }

    private static Response unauthorized(String detail, ContainerRequestContext request) {
        return Response.fromResponse(Problem.of(401, detail, "/api/" + request.getUriInfo().getPath()).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"data-analyst\"")
                .build();
    }

    private static boolean isPublic(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                && ("health".equals(path) || "/health".equals(path));
    }

    /** The authenticated token as a principal; resources read it from the (proxied) security context. */
    record TokenPrincipal(ApiToken token) implements Principal {
        @Override
        public String getName() {
            return token.name();
        }
    }

    /** The caller's token as the request's principal; admin tokens have the {@value #ADMIN_ROLE} role. */
    record TokenSecurityContext(ApiToken token, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return new TokenPrincipal(token);
        }

        @Override
        public boolean isUserInRole(String role) {
            return ADMIN_ROLE.equals(role) && token.admin();
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}

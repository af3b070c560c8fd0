package org.dataanalyst.rest.internal;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.dataanalyst.api.ApiToken;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.auth.IssuedToken;
import org.dataanalyst.api.auth.TokenService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code /api/tokens} (admin) and {@code /api/me}: API tokens. */
@Component(service = TokensResource.class)
@JakartarsResource
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {

    /** Body of {@code POST /api/tokens}. */
    public record NewToken(String name, Boolean admin) {
    }

    private final TokenService tokens;

    @Activate
    public TokensResource(@Reference TokenService tokens) {
        this.tokens = tokens;
    }

    @GET
    @Path("me")
    public ApiToken me(@Context SecurityContext security) {
        // Jersey injects a proxy of the security context, so the token comes through its principal
        return ((AuthFilter.TokenPrincipal) security.getUserPrincipal()).token();
    }

    @GET
    @Path("tokens")
    public List<ApiToken> list(@Context SecurityContext security) {
        Admin.require(security);
        return tokens.list();
    }

    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, NewToken body) {
        Admin.require(security);
        if (body == null || body.name() == null) {
            throw new InvalidRequestException("name is required: {\"name\": \"ci\", \"admin\": false}");
        }
        IssuedToken issued = tokens.create(body.name(), Boolean.TRUE.equals(body.admin()));
        return Response.created(URI.create("/api/tokens/" + issued.token().id()))
                .entity(new Issued(issued.token(), issued.secret())).build();
    }

    @DELETE
    @Path("tokens/{token_id}")
    public Response revoke(@Context SecurityContext security, @PathParam("token_id") String id) {
        Admin.require(security);
        tokens.revoke(id);
        return Response.noContent().build();
    }

    /** The answer to a token creation: the only time the secret is shown. */
    public record Issued(ApiToken token, String secret) {
    }
}

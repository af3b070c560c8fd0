package org.dataanalyst.shell.internal;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.dataanalyst.api.ApiToken;
import org.dataanalyst.api.auth.IssuedToken;
import org.dataanalyst.api.auth.TokenService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code analyst:tokens}, {@code analyst:createToken}, {@code analyst:revokeToken}. */
@Component(service = TokenCommands.class)
@GogoCommand(scope = "analyst", function = {"tokens", "createToken", "revokeToken"})
public class TokenCommands {

    private final TokenService tokens;

    @Activate
    public TokenCommands(@Reference TokenService tokens) {
        this.tokens = tokens;
    }

    @Descriptor("list the active API tokens (never their secrets)")
    public String tokens() {
        return Text.attempt(() -> {
            Table table = new Table("ID", "NAME", "ADMIN", "CREATED");
            for (ApiToken t : tokens.list()) {
                table.row(t.id(), t.name(), t.admin() ? "yes" : "no", t.createdAt());
            }
            return table.size() == 0 ? "no tokens\n" : table.toString();
        });
    }

    @Descriptor("create an API token; its secret is shown this once")
    public String createToken(
            @Descriptor("may use admin-only operations (tokens, plugins)") @Parameter(names = {"-a", "--admin"}, presentValue = "true", absentValue = "false") boolean admin,
            @Descriptor("what the token is for, e.g. ci") String name) {
        return Text.attempt(() -> {
            IssuedToken issued = tokens.create(name, admin);
            ApiToken t = issued.token();
            return "created " + (t.admin() ? "admin " : "") + "token " + t.name() + " (id " + t.id() + ")\n"
                    + "secret (shown only now; use it as 'Authorization: Bearer <secret>'):\n"
                    + issued.secret() + "\n";
        });
    }

    @Descriptor("revoke an API token: requests with it are refused from now on")
    public String revokeToken(@Descriptor("the token's id (see analyst:tokens)") String id) {
        return Text.attempt(() -> {
            tokens.revoke(id);
            return "revoked token " + id + "\n";
        });
    }
}

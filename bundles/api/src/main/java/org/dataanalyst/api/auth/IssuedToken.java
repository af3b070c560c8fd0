package org.dataanalyst.api.auth;

import org.dataanalyst.api.ApiToken;

/**
 * A freshly created token together with its secret, which is shown this once and never stored.
 *
 * @param token  the token
 * @param secret the bearer secret to hand to the user
 */
public record IssuedToken(ApiToken token, String secret) {
    public IssuedToken {
        java.util.Objects.requireNonNull(token, "token");
        java.util.Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "IssuedToken[token=" + token + ", secret=***]";
    }
}

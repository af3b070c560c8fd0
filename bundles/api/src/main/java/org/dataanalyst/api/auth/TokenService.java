package org.dataanalyst.api.auth;

import java.util.List;
import java.util.Optional;

import org.dataanalyst.api.ApiToken;
import org.osgi.annotation.versioning.ProviderType;

/** Issues and checks API bearer tokens; stores only a hash of each secret. */
@ProviderType
public interface TokenService {

    /**
     * Creates a token.
     *
     * @throws org.dataanalyst.api.InvalidRequestException when the name is blank or too long
     */
    IssuedToken create(String name, boolean admin);

    List<ApiToken> list();

    /** @throws org.dataanalyst.api.NotFoundException when there is no such active token */
    void revoke(String id);

    /**
     * Checks a presented secret in constant time with respect to the stored hashes.
     *
     * @return the token, unless the secret is unknown or revoked
     */
    Optional<ApiToken> authenticate(String secret);
}

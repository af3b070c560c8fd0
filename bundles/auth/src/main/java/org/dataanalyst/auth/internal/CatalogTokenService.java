package org.dataanalyst.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.dataanalyst.api.Ids;
import org.dataanalyst.api.ApiToken;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.auth.IssuedToken;
import org.dataanalyst.api.auth.TokenService;
import org.dataanalyst.api.catalog.Catalog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API tokens kept in the catalog by the SHA-256 of their secret.
 *
 * <p>A secret is {@code da_} + 43 base64url characters: 32 bytes (256 bits) from {@link SecureRandom}.
 * A plain, fast hash is the right tool for such secrets: slow password hashes (bcrypt, Argon2) exist
 * to make guessing <em>low-entropy, human-chosen</em> passwords expensive, while 2^256 random
 * candidates cannot be searched at any hash speed. A fast hash also keeps checking a request cheap.
 *
 * <p>Checked tokens are cached (hash → token, bounded, for a limited time) so that the REST filter
 * does not read the catalog on every request; revoking through this service drops the entry at once,
 * a revocation made elsewhere (another node sharing a PostgreSQL catalog) takes effect within
 * {@code cache_ttl_seconds}.
 */
@Component(service = TokenService.class, configurationPid = CatalogTokenService.PID)
@Designate(ocd = CatalogTokenService.Config.class)
public final class CatalogTokenService implements TokenService {

    /** The configuration PID. */
    public static final String PID = "org.dataanalyst.auth";

    /** What every secret starts with (so that it is recognisable, e.g. by secret scanners). */
    public static final String SECRET_PREFIX = "da_";

    /** Most characters a token name may have. */
    public static final int MAX_NAME_LENGTH = 64;

    private static final int SECRET_BYTES = 32;
    /** {@code da_} + unpadded base64 of 32 bytes. */
    private static final int SECRET_LENGTH = SECRET_PREFIX.length() + 43;

    private static final Logger LOG = LoggerFactory.getLogger(CatalogTokenService.class);

    @ObjectClassDefinition(name = "data-analyst API tokens",
            description = "Issuing and checking API bearer tokens.")
    public @interface Config {
        @AttributeDefinition(name = "Cache size", min = "0",
                description = "Most checked tokens remembered, so that requests need not read the catalog; 0 turns the cache off.")
        int cache__size() default 1024;

        @AttributeDefinition(name = "Cache time (seconds)", min = "0",
                description = "How long a checked token is remembered; bounds how late a revocation made on another "
                        + "node sharing the catalog takes effect here. 0 turns the cache off.")
        int cache__ttl__seconds() default 60;
    }

    private record Cached(byte[] digest, ApiToken token, long expiresAtNanos) {
    }

    private final Catalog catalog;
    private final int cacheSize;
    private final long cacheNanos;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Guards cache insertions against a revocation that happens while the catalog is being read. */
    private final Object cacheLock = new Object();
    private long revocations;

    @Activate
    public CatalogTokenService(@Reference Catalog catalog, Config config) {
        this(catalog, config.cache__size(), config.cache__ttl__seconds());
    }

    /** A service with the default cache. */
    public CatalogTokenService(Catalog catalog) {
        this(catalog, 1024, 60);
    }

    /**
     * @param cacheSize   most cached tokens; 0 turns the cache off
     * @param cacheSeconds how long a token stays cached; 0 turns the cache off
     */
    public CatalogTokenService(Catalog catalog, int cacheSize, int cacheSeconds) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        if (cacheSize < 0 || cacheSeconds < 0) {
            throw new IllegalArgumentException("cache_size and cache_ttl_seconds must be >= 0");
        }
        this.cacheSize = cacheSeconds == 0 ? 0 : cacheSize;
        this.cacheNanos = cacheSeconds * 1_000_000_000L;
    }

    @Override
    public IssuedToken create(String name, boolean admin) {
        checkName(name);
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiToken token = new ApiToken(Ids.next('t'), name, admin, Instant.now());
        catalog.insertToken(token, HexFormat.of().formatHex(sha256(secret)));
        LOG.info("API token {} ({}{}) created", token.id(), name, admin ? ", admin" : "");
        return new IssuedToken(token, secret);
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw new InvalidRequestException("token name must be 1 to " + MAX_NAME_LENGTH + " characters and not blank");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("token name must not contain control characters");
        }
    }

    @Override
    public List<ApiToken> list() {
        return catalog.tokens();
    }

    @Override
    public void revoke(String id) {
        boolean revoked = catalog.revokeToken(id, Instant.now());
        synchronized (cacheLock) {
            revocations++;
            cache.values().removeIf(cached -> cached.token().id().equals(id));
        }
        if (!revoked) {
            throw new NotFoundException("token " + id + " does not exist or is revoked already");
        }
        LOG.info("API token {} revoked", id);
    }

    @Override
    public Optional<ApiToken> authenticate(String secret) {
        // Malformed input is refused before any hashing or catalog access.
        if (secret == null || secret.length() != SECRET_LENGTH || !secret.startsWith(SECRET_PREFIX)) {
            return Optional.empty();
        }
        byte[] digest = sha256(secret);
        String hash = HexFormat.of().formatHex(digest);
        // Timing: a look-up by hash can only reveal something about the hash of what the caller sent,
        // never about a stored secret; the final comparison is constant-time all the same.
        Cached cached = cache.get(hash);
        if (cached != null && System.nanoTime() - cached.expiresAtNanos() < 0
                && MessageDigest.isEqual(cached.digest(), digest)) {
            return Optional.of(cached.token());
        }
        long seen;
        synchronized (cacheLock) {
            seen = revocations;
        }
        Optional<ApiToken> token = catalog.tokenByHash(hash);
        if (token.isPresent()) {
            remember(hash, digest, token.get(), seen);
        } else if (cached != null) {
            cache.remove(hash);
        }
        return token;
    }

    private void remember(String hash, byte[] digest, ApiToken token, long seen) {
        if (cacheSize == 0) {
            return;
        }
        synchronized (cacheLock) {
            // A revocation since the catalog was read may concern this very token: do not cache it then.
            if (revocations != seen) {
                return;
            }
            if (cache.size() >= cacheSize) {
                cache.clear();
            }
            cache.put(hash, new Cached(digest, token, System.nanoTime() + cacheNanos));
        }
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

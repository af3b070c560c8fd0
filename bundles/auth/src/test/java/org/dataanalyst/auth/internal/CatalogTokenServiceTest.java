package org.dataanalyst.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.dataanalyst.api.ApiToken;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.auth.IssuedToken;
import org.dataanalyst.catalog.internal.JdbcCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens on a real SQLite catalog. */
class CatalogTokenServiceTest {

    @TempDir
    Path data;

    private JdbcCatalog catalog;
    private CatalogTokenService tokens;

    @BeforeEach
    void start() {
        catalog = new JdbcCatalog(JdbcCatalog.sqliteUrl(data), "", "");
        tokens = new CatalogTokenService(catalog);
    }

    @AfterEach
    void stop() {
        catalog.close();
    }

    @Test
    void createdTokensAuthenticateUntilRevoked() {
        IssuedToken ci = tokens.create("ci", false);
        IssuedToken admin = tokens.create("ops", true);

        assertTrue(ci.secret().matches("da_[A-Za-z0-9_-]{43}"), "secret format");
        assertNotEquals(ci.secret(), admin.secret());
        assertEquals("ci", ci.token().name());
        assertFalse(ci.token().admin());
        assertTrue(admin.token().admin());
        assertTrue(ci.token().id().matches("t[a-z2-7]{12}"), ci.token().id());

        assertEquals(Optional.of(ci.token()), tokens.authenticate(ci.secret()));
        assertEquals(Optional.of(admin.token()), tokens.authenticate(admin.secret()));
        assertEquals(List.of(ci.token(), admin.token()), tokens.list());

        tokens.revoke(ci.token().id());

        assertEquals(Optional.empty(), tokens.authenticate(ci.secret()));
        assertEquals(Optional.of(admin.token()), tokens.authenticate(admin.secret()));
        assertEquals(List.of(admin.token()), tokens.list());
        assertThrows(NotFoundException.class, () -> tokens.revoke(ci.token().id()));
        assertThrows(NotFoundException.class, () -> tokens.revoke("tnosuchtoken"));
    }

    @Test
    void namesAreChecked() {
        for (String name : new String[] {null, "", "   ", "x".repeat(65), "tab\there"}) {
            assertThrows(InvalidRequestException.class, () -> tokens.create(name, false), String.valueOf(name));
        }
        assertEquals("x".repeat(64), tokens.create("x".repeat(64), false).token().name());
        assertEquals(1, tokens.list().size());
    }

    @Test
    void unknownAndMalformedSecretsAreRefused() {
        IssuedToken ci = tokens.create("ci", false);
        String valid = ci.secret();

        assertEquals(Optional.empty(), tokens.authenticate("da_" + "A".repeat(43)));
        assertEquals(Optional.empty(), tokens.authenticate(valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A")));

        // malformed input is refused without touching the catalog: it works with the catalog closed
        catalog.close();
        for (String secret : new String[] {null, "", "da_", "abc", "Bearer " + valid, valid + "x", valid.substring(1),
                "xx_" + valid.substring(3), valid.toUpperCase(), "da_" + "x".repeat(1_000_000)}) {
            if (secret != null && secret.equals(valid)) {
                continue;
            }
            assertEquals(Optional.empty(), tokens.authenticate(secret), String.valueOf(secret).substring(0, Math.min(20, String.valueOf(secret).length())));
        }
    }

    @Test
    void checkedTokensAreCachedAndRevocationDropsThem() {
        IssuedToken ci = tokens.create("ci", false);
        IssuedToken other = tokens.create("other", false);
        assertEquals(Optional.of(ci.token()), tokens.authenticate(ci.secret()));
        assertEquals(Optional.of(other.token()), tokens.authenticate(other.secret()));

        tokens.revoke(ci.token().id());
        assertEquals(Optional.empty(), tokens.authenticate(ci.secret()));

        // the other token is served from the cache: no catalog needed
        catalog.close();
        assertEquals(Optional.of(other.token()), tokens.authenticate(other.secret()));
    }

    @Test
    void withoutCacheARevocationElsewhereTakesEffectAtOnce() {
        CatalogTokenService uncached = new CatalogTokenService(catalog, 0, 0);
        IssuedToken ci = uncached.create("ci", false);
        assertEquals(Optional.of(ci.token()), uncached.authenticate(ci.secret()));

        catalog.revokeToken(ci.token().id(), Instant.now()); // e.g. by another node

        assertEquals(Optional.empty(), uncached.authenticate(ci.secret()));
    }

    @Test
    void onlyHashesOfSecretsAreStored() throws Exception {
        List<IssuedToken> issued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            issued.add(tokens.create("token-" + i, i == 0));
        }
        IssuedToken revoked = issued.get(4);
        tokens.revoke(revoked.token().id());

        byte[] stored = allCatalogBytes();
        for (IssuedToken token : issued) {
            String secret = token.secret();
            assertFalse(contains(stored, secret), "secret stored in plain text");
            assertFalse(contains(stored, secret.substring(3)), "secret without its prefix stored");
            assertFalse(contains(stored, secret.substring(3, 23)), "part of a secret stored");
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
            assertTrue(contains(stored, hash), "the hash is what is stored (and these are the right files)");
        }
    }

    /** Every file of the catalog: the database and its write-ahead log. */
    private byte[] allCatalogBytes() throws Exception {
        catalog.close();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.write(Files.readAllBytes(file));
            }
        }
        return all.toByteArray();
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void listShowsNoRevokedTokens() {
        ApiToken kept = tokens.create("kept", false).token();
        tokens.revoke(tokens.create("gone", false).token().id());
        assertEquals(List.of(kept), tokens.list());
    }
}

package org.dataanalyst.api;

import java.security.SecureRandom;

/**
 * The platform's identifiers: a one-letter kind prefix and 12 lower-case base32 characters (60
 * random bits from {@link SecureRandom}), e.g. {@code pq3x7k2mab4cd}. URL-safe, and safe as file
 * names. Prefixes in use: {@code p} project, {@code d} dataset, {@code v} dataset version,
 * {@code r} run, {@code a} artifact, {@code t} token.
 */
public final class Ids {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /**
     * @param prefix the kind of thing the id names, a lower-case letter
     * @return a new random identifier
     */
    public static String next(char prefix) {
        if (prefix < 'a' || prefix > 'z') {
            throw new IllegalArgumentException("prefix must be a lower-case letter: " + prefix);
        }
        char[] id = new char[LENGTH + 1];
        id[0] = prefix;
        for (int i = 1; i <= LENGTH; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}

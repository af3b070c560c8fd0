package org.dataanalyst.auth.internal;

import java.security.SecureRandom;

/**
 * Opaque, URL-safe identifiers: a one-letter prefix and 12 lower-case base32 characters (60 random
 * bits from {@link SecureRandom}), e.g. {@code tq3x7k2mab4cd}. Safe as file names too.
 */
final class IdGenerator {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int LENGTH = 12;

    private final char prefix;
    private final SecureRandom random = new SecureRandom();

    IdGenerator(char prefix) {
        this.prefix = prefix;
    }

    String next() {
        char[] id = new char[LENGTH + 1];
        id[0] = prefix;
        for (int i = 1; i <= LENGTH; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}

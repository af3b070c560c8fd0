package org.dataanalyst.catalog.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Timestamps as stored in the catalog: ISO-8601 UTC text with a fixed nine-digit fraction.
 *
 * <p>{@link Instant#toString()} drops trailing zero digits of the fraction ({@code …:05Z} but
 * {@code …:05.120Z}), so its text order is not time order; the fixed width keeps {@code ORDER BY}
 * on a TEXT column correct in both SQLite and PostgreSQL. Reading accepts any ISO-8601 instant.
 */
final class Times {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }

    static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        // Lists map many timestamps per call: read the format we write directly, anything else the slow way.
        if (text.length() == 30 && text.charAt(4) == '-' && text.charAt(10) == 'T' && text.charAt(19) == '.'
                && text.charAt(29) == 'Z') {
            try {
                long seconds = LocalDateTime.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10),
                        digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19)).toEpochSecond(ZoneOffset.UTC);
                return Instant.ofEpochSecond(seconds, digits(text, 20, 29));
            } catch (DateTimeException | NumberFormatException e) {
                // not what it looked like: fall through
            }
        }
        return Instant.parse(text);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException(text);
            }
            value = value * 10 + digit;
        }
        return value;
    }
}

package org.dataanalyst.rest.internal;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.Page;

/**
 * The {@code offset} and {@code limit} query parameters of a list. Parsed here rather than by the
 * framework, which answers 404 to a non-numeric query parameter instead of a useful 400.
 */
record Paging(int offset, int limit) {
    static final int DEFAULT_LIMIT = 50;

    static Paging of(String offset, String limit) {
        int o = parse("offset", offset, 0);
        int l = parse("limit", limit, DEFAULT_LIMIT);
        Page.checkArguments(o, l);
        return new Paging(o, l);
    }

    static int parse(String name, String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + " must be an integer, was '" + value + "'");
        }
    }
}

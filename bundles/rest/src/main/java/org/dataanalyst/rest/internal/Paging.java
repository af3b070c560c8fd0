package org.dataanalyst.rest.internal;

import java.util.List;

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

    /** This page of a list that is small enough to be had whole (connectors, tables, secrets). */
    <T> Page<T> slice(List<T> all) {
        int from = Math.min(offset, all.size());
        int to = (int) Math.min((long) from + limit, all.size());
        return new Page<>(all.subList(from, to), offset, limit, all.size());
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

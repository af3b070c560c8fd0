package org.dataanalyst.api;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items  the items of this page
 * @param offset index of the first item within the whole list
 * @param limit  the page size asked for
 * @param total  size of the whole list
 * @param <T>    item type
 */
public record Page<T>(List<T> items, int offset, int limit, long total) {
    /** Largest page a caller may ask for. */
    public static final int MAX_LIMIT = 500;

    public Page {
        items = Checks.list(items);
        if (offset < 0) throw new IllegalArgumentException("offset must be >= 0");
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be within [1, " + MAX_LIMIT + "]");
    }

    /**
     * Checks paging arguments given by a caller.
     *
     * @throws InvalidRequestException when out of range
     */
    public static void checkArguments(int offset, int limit) {
        if (offset < 0) throw new InvalidRequestException("offset must be >= 0, was " + offset);
        if (limit < 1 || limit > MAX_LIMIT) throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
}

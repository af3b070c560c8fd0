package org.dataanalyst.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Small argument checks shared by the model records (package-private on purpose). */
final class Checks {
    private Checks() {}

    static String text(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) throw new IllegalArgumentException(name + " must not be blank");
        return value;
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    static <K, V> Map<K, V> map(Map<K, V> value) {
        return value == null ? Map.of() : Map.copyOf(value);
    }
}

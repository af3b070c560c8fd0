package org.dataanalyst.connector.files.internal;

import java.util.regex.Pattern;

/** Checks on engine type names given in options (they end up in SQL string literals, never as SQL). */
final class EngineTypes {

    /** Letters, digits, spaces, and the punctuation of DECIMAL(18,2), VARCHAR[], STRUCT("a" INT). */
    private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z][A-Za-z0-9_ (),\\[\\]\"]{0,200}");

    private EngineTypes() {
    }

    static boolean isPlausible(String type) {
        return PLAUSIBLE.matcher(type.strip()).matches();
    }
}

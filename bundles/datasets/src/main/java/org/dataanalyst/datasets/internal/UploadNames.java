package org.dataanalyst.datasets.internal;

import java.text.Normalizer;

import org.dataanalyst.api.InvalidRequestException;

/** File names of uploads, made safe for the workspace. */
final class UploadNames {

    static final int MAX_LENGTH = 200;

    private UploadNames() {
    }

    /**
     * Keeps the last path segment of a client's file name, replaces anything but letters, digits,
     * {@code . _ - ( ) +} and spaces by {@code _}, drops leading dots and spaces (no hidden files, no
     * {@code ..}) and shortens it to {@value #MAX_LENGTH} characters, keeping the extension.
     *
     * @throws InvalidRequestException when nothing usable remains
     */
    static String safe(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            throw new InvalidRequestException("the upload needs a file name");
        }
        String name = fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        name = Normalizer.normalize(name, Normalizer.Form.NFC);
        StringBuilder safe = new StringBuilder();
        name.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp) || cp == '.' || cp == '_' || cp == '-' || cp == '(' || cp == ')' || cp == '+'
                    || cp == ' ') {
                safe.appendCodePoint(cp);
            } else {
                safe.append('_');
            }
        });
        String result = safe.toString().replaceAll("^[. ]+", "").replaceAll("[. ]+$", "");
        if (result.isEmpty() || result.chars().allMatch(c -> c == '_')) {
            throw new InvalidRequestException("the file name '" + fileName + "' has nothing usable in it; "
                    + "use letters, digits, '.', '_' or '-'");
        }
        if (result.length() > MAX_LENGTH) {
            int dot = result.lastIndexOf('.');
            String extension = dot > 0 && result.length() - dot <= 16 ? result.substring(dot) : "";
            result = result.substring(0, MAX_LENGTH - extension.length()) + extension;
        }
        return result;
    }
}

package org.dataanalyst.datasets.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.dataanalyst.api.InvalidRequestException;

/**
 * Where a source location may point. A location is either
 * <ul>
 * <li>a URL or connection string ({@code postgresql://…}, {@code jdbc:…}): not a file, left to the connector;</li>
 * <li>a path relative to the project workspace ({@code raw/u…/orders.csv}), which must stay inside it; or</li>
 * <li>an absolute server path, which must lie inside one of the configured import roots.</li>
 * </ul>
 * Symbolic links are resolved before the check, so a link inside a root pointing elsewhere is refused.
 * {@code file:} URLs count as paths.
 */
final class Locations {

    /** A scheme of two or more characters and a colon: a URL or connection string, not a path. */
    private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);

    private static final Pattern GLOB = Pattern.compile("[*?\\[{]");

    private Locations() {
    }

    /** A key/value connection string such as {@code host=db dbname=shop}: starts with {@code key=}. */
    private static final Pattern KEY_VALUES = Pattern.compile("^\\s*[A-Za-z_][A-Za-z0-9_]*\\s*=.*", Pattern.DOTALL);

    /** @return whether the location is a path (not a URL or a connection string) */
    static boolean isPath(String location) {
        if (location == null || location.isBlank()) return false;
        String l = location.strip();
        if (l.startsWith("file:")) return true;
        return !URL.matcher(l).matches() && !KEY_VALUES.matcher(l).matches();
    }

    /** @return whether the path holds glob characters ({@code * ? [ {}) */
    static boolean isPattern(String location) {
        return GLOB.matcher(location).find();
    }

    private static String stripFileScheme(String location) {
        String l = location.strip();
        if (l.startsWith("file://")) return l.substring("file://".length());
        if (l.startsWith("file:")) return l.substring("file:".length());
        return l;
    }

    /**
     * Checks a location given by a request: a path must lie inside the workspace or an import root, and
     * (unless it is a glob pattern) exist. URLs and connection strings pass unchecked.
     *
     * @throws InvalidRequestException when it does not
     */
    static void check(String location, Path workspace, List<Path> importRoots) {
        if (!isPath(location)) return;
        String path = stripFileScheme(location);
        if (isPattern(path)) {
            int glob = firstGlob(path);
            int slash = path.lastIndexOf('/', glob);
            String folder = slash < 0 ? "" : path.substring(0, slash + 1);
            Path dir = confine(folder.isEmpty() ? "." : folder, location, workspace, importRoots);
            if (!Files.isDirectory(dir)) {
                throw new InvalidRequestException("no such folder: " + shown(folder, location) + " (in the location " + location + ")");
            }
            return;
        }
        Path file = confine(path, location, workspace, importRoots);
        if (!Files.exists(file)) {
            throw new InvalidRequestException("no such file: " + location + where(path));
        }
    }

    /**
     * Resolves a location to an existing, readable file or folder inside the workspace or an import root.
     *
     * @throws InvalidRequestException when it lies outside them or does not exist
     */
    static Path resolveFile(String location, Path workspace, List<Path> importRoots) {
        if (location == null || location.isBlank()) {
            throw new InvalidRequestException("a file location is required");
        }
        String path = stripFileScheme(location);
        Path file = confine(path, location, workspace, importRoots);
        if (!Files.exists(file)) {
            throw new InvalidRequestException("no such file: " + location + where(path));
        }
        if (!Files.isReadable(file)) {
            throw new InvalidRequestException("the file " + location + " is not readable by the server");
        }
        return file;
    }

    private static String where(String path) {
        return isAbsolute(path) ? "" : " (a relative location is inside the project workspace, e.g. raw/<upload>/file.csv)";
    }

    private static boolean isAbsolute(String path) {
        return path.startsWith("/") || path.startsWith("\\") || (path.length() > 2 && path.charAt(1) == ':');
    }

    /**
     * Resolves a path lexically and through symbolic links (as far as it exists) and checks that it stays
     * inside the workspace (relative paths) or an import root (absolute paths).
     *
     * @return the resolved path: real where it exists, else the nearest existing ancestor's real path plus the rest
     */
    static Path confine(String path, String location, Path workspace, List<Path> importRoots) {
        Path candidate;
        try {
            candidate = isAbsolute(path) ? Path.of(path) : workspace.resolve(path);
        } catch (InvalidPathException e) {
            throw new InvalidRequestException("'" + location + "' is not a valid path: " + e.getReason());
        }
        candidate = candidate.toAbsolutePath().normalize();
        Path real = realPath(candidate);
        if (isAbsolute(path)) {
            for (Path root : importRoots) {
                if (real.startsWith(root)) return real;
            }
            throw new InvalidRequestException("the server path " + location + " is outside the allowed import folders ("
                    + (importRoots.isEmpty() ? "none configured" : importRoots.stream().map(Path::toString).collect(Collectors.joining(", ")))
                    + "); upload the file, or ask an administrator to add its folder to import_roots of "
                    + DatasetsConfig.PID);
        }
        Path root = realPath(workspace.toAbsolutePath().normalize());
        if (!real.startsWith(root)) {
            throw new InvalidRequestException("the location " + location + " points outside the project workspace; "
                    + "relative locations must stay inside it (e.g. raw/<upload>/file.csv)");
        }
        return real;
    }

    /** The real path of the longest existing prefix, plus the rest as given. */
    static Path realPath(Path absolute) {
        Path existing = absolute;
        Path rest = null;
        while (existing != null) {
            try {
                Path real = existing.toRealPath();
                return rest == null ? real : real.resolve(rest).normalize();
            } catch (IOException e) {
                Path name = existing.getFileName();
                if (name == null) break;
                rest = rest == null ? name : name.resolve(rest);
                existing = existing.getParent();
            }
        }
        return absolute;
    }

    private static int firstGlob(String path) {
        var m = GLOB.matcher(path);
        return m.find() ? m.start() : path.length();
    }

    private static String shown(String folder, String location) {
        return folder.isEmpty() ? location : folder;
    }
}

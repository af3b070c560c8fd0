package org.dataanalyst.datasets.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The effective configuration.
 *
 * @param importRoots    the allowed server folders, as real paths (existing)
 * @param maxUploadBytes the upload size limit
 * @param previewMaxRows the preview row limit
 */
record Settings(List<Path> importRoots, long maxUploadBytes, int previewMaxRows) {

    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

    /** The folder name of the default import root inside the data folder. */
    static final String DEFAULT_IMPORT_FOLDER = "imports";

    Settings {
        importRoots = List.copyOf(importRoots);
        if (maxUploadBytes < 1) throw new IllegalArgumentException("max_upload_bytes must be >= 1, was " + maxUploadBytes);
        if (previewMaxRows < 1) throw new IllegalArgumentException("preview_max_rows must be >= 1, was " + previewMaxRows);
    }

    /** The settings from a configuration; import roots are created when missing and resolved to real paths. */
    static Settings of(DatasetsConfig config, Path dataDirectory) {
        List<String> configured = new ArrayList<>();
        for (String root : config.import__roots() == null ? new String[0] : config.import__roots()) {
            if (root != null && !root.isBlank()) configured.add(root.strip());
        }
        List<Path> roots = configured.isEmpty()
                ? List.of(dataDirectory.resolve(DEFAULT_IMPORT_FOLDER))
                : configured.stream().map(Path::of).toList();
        return new Settings(realRoots(roots), config.max__upload__bytes(),
                Math.max(1, Math.min(DatasetsConfig.DEFAULT_PREVIEW_MAX_ROWS, config.preview__max__rows())));
    }

    /** Creates the folders when missing and resolves them to real paths; a folder that cannot be made is skipped (logged). */
    static List<Path> realRoots(List<Path> roots) {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            Path absolute = root.toAbsolutePath().normalize();
            try {
                Files.createDirectories(absolute);
                Path r = absolute.toRealPath();
                if (!real.contains(r)) real.add(r);
            } catch (IOException e) {
                LOG.warn("import root {} cannot be used and is ignored: {}", absolute, e.toString());
            }
        }
        return real;
    }
}

package org.dataanalyst.connector.files.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/** The robustness corpus in the repository ({@code tests/corpus}), given by the build as {@code corpus.dir}. */
final class Corpus {

    private Corpus() {
    }

    static Path dir() {
        String configured = System.getProperty("corpus.dir");
        if (configured != null && !configured.isBlank()) {
            return real(Path.of(configured));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("tests/corpus"))) {
                return real(p.resolve("tests/corpus"));
            }
        }
        throw new IllegalStateException("No corpus: set the system property corpus.dir to <repository>/tests/corpus");
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("The corpus folder " + p + " does not exist", e);
        }
    }
}

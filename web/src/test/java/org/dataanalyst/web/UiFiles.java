package org.dataanalyst.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The built UI as the bundle will carry it: {@code target/classes/static}, vendored files included. */
final class UiFiles {

    private UiFiles() {
    }

    /** The folder of a vendored WebJar, e.g. {@code vendor/lit-3.3.2}, by the version the pom passes in. */
    static String vendor(String name) {
        String version = System.getProperty(name + ".version");
        if (version == null) {
            throw new IllegalStateException("no -D" + name + ".version (set by the pom for Surefire)");
        }
        return "vendor/" + name + "-" + version;
    }

    static Path root() {
        URL index = UiFiles.class.getClassLoader().getResource("static/index.html");
        if (index == null) {
            throw new IllegalStateException("static/index.html is not on the test class path");
        }
        try {
            return Path.of(index.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file under static/, keyed by its "/"-separated path relative to static/. */
    static Map<String, byte[]> read() {
        Path root = root();
        Map<String, byte[]> contents = new HashMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(Files::isRegularFile).forEach(p -> {
                try {
                    contents.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return contents;
    }
}

package org.dataanalyst.spi.reporter;

import java.util.Map;

/**
 * A report to render.
 *
 * @param title    the report title
 * @param markdown the body in CommonMark; images are referenced by attachment name
 * @param images   image bytes by attachment name (PNG or SVG)
 */
public record ReportDocument(String title, String markdown, Map<String, byte[]> images) {
    public ReportDocument {
        java.util.Objects.requireNonNull(title, "title");
        java.util.Objects.requireNonNull(markdown, "markdown");
        images = images == null ? Map.of() : Map.copyOf(images);
    }
}

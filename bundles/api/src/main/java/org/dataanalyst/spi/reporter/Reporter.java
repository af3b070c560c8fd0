package org.dataanalyst.spi.reporter;

import java.io.IOException;
import java.io.OutputStream;

import org.dataanalyst.api.Descriptor;
import org.osgi.annotation.versioning.ConsumerType;

/** Renders a {@link ReportDocument} into one output format. */
@ConsumerType
public interface Reporter {

    /** @return the reporter's name (the format, e.g. {@code html}), title and options schema */
    Descriptor descriptor();

    /** @return the media type of the output, e.g. {@code application/pdf} */
    String mediaType();

    /** @return the file extension of the output, without the dot */
    String fileExtension();

    /** Writes the rendered document to {@code out} (not closing it). */
    void render(ReportDocument document, OutputStream out) throws IOException;
}

package org.dataanalyst.api.dataset;

import java.util.Objects;

import org.dataanalyst.spi.connector.IngestTarget.OnError;
import org.dataanalyst.spi.connector.SourceSpec;

/**
 * What a user asks to ingest.
 *
 * @param name    the dataset's name: an existing dataset of the project gets a new version, otherwise
 *                the dataset is created
 * @param source  the source: connector kind, location, options
 * @param onError what to do with rows the source cannot read; {@code null} means {@link OnError#FAIL}
 * @param force   make a new version even if the source is unchanged since the latest version
 */
public record IngestRequest(String name, SourceSpec source, OnError onError, boolean force) {
    public IngestRequest {
        Objects.requireNonNull(source, "source");
        onError = onError == null ? OnError.FAIL : onError;
    }
}

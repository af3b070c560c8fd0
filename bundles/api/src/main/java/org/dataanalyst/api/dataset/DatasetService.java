package org.dataanalyst.api.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.SchemaDrift;
import org.dataanalyst.api.engine.QueryResult;
import org.dataanalyst.spi.connector.SourceSpec;
import org.dataanalyst.spi.connector.SourceTable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The datasets of a project and how data gets into them.
 */
@ProviderType
public interface DatasetService {

    /**
     * Queues an {@code ingest} run that reads the source into a new version of the named dataset
     * (created if the project has none of that name). Every call queues a new run; the run itself
     * makes no new version when the source is unchanged since the latest version, unless forced.
     *
     * @throws org.dataanalyst.api.NotFoundException       when the project does not exist
     * @throws org.dataanalyst.api.InvalidRequestException when the name, kind, location or options are
     *                                                     not acceptable (unknown kind, a path outside the
     *                                                     allowed roots, a missing secret…)
     */
    Ingestion ingest(String projectId, IngestRequest request);

    /**
     * Streams an uploaded file into the project's {@code raw/} folder: never held in memory, written
     * under a temporary name and renamed when complete, so a broken upload leaves nothing behind.
     *
     * @param fileName the client's file name (only its last path segment is kept)
     * @throws org.dataanalyst.api.InvalidRequestException when the file exceeds the configured size limit
     *                                                     or the name is unusable
     */
    Upload receive(String projectId, String fileName, InputStream content) throws IOException;

    /** @return the project's datasets, oldest first */
    Page<DatasetSummary> list(String projectId, int offset, int limit);

    /**
     * @param versionOffset paging of {@link DatasetDetails#versions()}
     * @throws org.dataanalyst.api.NotFoundException when there is no such dataset in that project
     */
    DatasetDetails get(String projectId, String datasetId, int versionOffset, int versionLimit);

    /** @throws org.dataanalyst.api.NotFoundException when there is no such version */
    DatasetVersion version(String projectId, String datasetId, int number);

    /**
     * The schema drift between any two versions of a dataset.
     *
     * @throws org.dataanalyst.api.NotFoundException when either version does not exist
     */
    SchemaDrift drift(String projectId, String datasetId, int fromNumber, int toNumber);

    /**
     * The first rows of a version's staged data.
     *
     * @param number the version, or {@code null} for the latest
     * @param limit  at most this many rows (1–1000)
     */
    QueryResult preview(String projectId, String datasetId, Integer number, int limit);

    /** @return the running connectors, by name */
    List<ConnectorInfo> connectors();

    /**
     * Lists the tables of a database source, with their columns.
     *
     * @throws org.dataanalyst.api.InvalidRequestException when the kind is unknown, has no tables, or
     *                                                     the source cannot be reached (the detail says why)
     */
    List<SourceTable> tables(String projectId, SourceSpec source);
}

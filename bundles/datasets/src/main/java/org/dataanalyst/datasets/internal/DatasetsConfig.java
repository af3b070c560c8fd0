package org.dataanalyst.datasets.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the datasets bundle (PID {@value #PID}), shared by the dataset service and the
 * {@code ingest} run type. Keys: {@code import_roots}, {@code max_upload_bytes}, {@code preview_max_rows}.
 */
@ObjectClassDefinition(id = DatasetsConfig.PID, name = "data-analyst datasets",
        description = "Where ingests may read server files, how large uploads may be, how many rows a preview shows.")
public @interface DatasetsConfig {

    /** The configuration PID. */
    String PID = "org.dataanalyst.datasets";

    /** Default of {@code max_upload_bytes}: 16 GiB. */
    long DEFAULT_MAX_UPLOAD_BYTES = 16L * 1024 * 1024 * 1024;

    /** Default of {@code preview_max_rows}. */
    int DEFAULT_PREVIEW_MAX_ROWS = 1000;

    @AttributeDefinition(name = "Import roots", required = false, cardinality = 100,
            description = "Server folders whose files an ingest may read by absolute path (symbolic links are "
                    + "resolved first). Missing folders are created. Empty: <data>/imports.")
    String[] import__roots() default {};

    @AttributeDefinition(name = "Max upload bytes", min = "1",
            description = "Largest file an upload may have; a larger one is refused (HTTP 413) and nothing is kept.")
    long max__upload__bytes() default DEFAULT_MAX_UPLOAD_BYTES;

    @AttributeDefinition(name = "Preview max rows", min = "1", max = "1000",
            description = "Most rows a dataset preview may ask for.")
    int preview__max__rows() default DEFAULT_PREVIEW_MAX_ROWS;
}

-- V2: what ingestion needs.
--
-- drift_json: the schema drift of a version against the previous one (NULL for a first version), as
-- JSON text like the other JSON columns.
-- runs_dataset_type_created: "the newest ingest run of a dataset" (dataset details, the dataset list)
-- without scanning a project's runs.

ALTER TABLE dataset_versions ADD COLUMN drift_json TEXT;
CREATE INDEX runs_dataset_type_created ON runs (dataset_id, type, created_at);

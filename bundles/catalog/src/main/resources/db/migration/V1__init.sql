-- V1: the model as of the first release.
--
-- Portable between SQLite and PostgreSQL: TEXT ids, timestamps as fixed-width ISO-8601 UTC text
-- (so that text order is time order), JSON as TEXT, BIGINT / DOUBLE PRECISION / BOOLEAN numbers.
-- Statements end with a semicolon at the end of a line; the migration runner splits on that.

CREATE TABLE projects (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX projects_created ON projects (created_at, id);

CREATE TABLE datasets (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (project_id, name)
);
CREATE INDEX datasets_project_created ON datasets (project_id, created_at);

CREATE TABLE dataset_versions (
    id          TEXT PRIMARY KEY,
    dataset_id  TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    row_count   BIGINT NOT NULL,
    size_bytes  BIGINT NOT NULL,
    schema_json TEXT NOT NULL,
    source_json TEXT NOT NULL,
    run_id      TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (dataset_id, number)
);

-- dataset_id / dataset_version_id are deliberately not foreign keys: a run outlives nothing but its
-- project (cascade below), and the run engine validates them when a run is submitted.
CREATE TABLE runs (
    id                 TEXT PRIMARY KEY,
    project_id         TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    type               TEXT NOT NULL,
    dataset_id         TEXT,
    dataset_version_id TEXT,
    params_json        TEXT NOT NULL,
    idempotency_key    TEXT,
    status             TEXT NOT NULL,
    progress_fraction  DOUBLE PRECISION NOT NULL,
    progress_message   TEXT NOT NULL,
    reason             TEXT,
    created_at         TEXT NOT NULL,
    started_at         TEXT,
    finished_at        TEXT
);
CREATE INDEX runs_project_created ON runs (project_id, created_at);
CREATE INDEX runs_status ON runs (status);
CREATE INDEX runs_project_key ON runs (project_id, idempotency_key);

CREATE TABLE artifacts (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    run_id     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (run_id, name)
);

-- Only the SHA-256 of a token's secret is stored, never the secret.
CREATE TABLE tokens (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    admin       BOOLEAN NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE INDEX tokens_revoked ON tokens (revoked_at);

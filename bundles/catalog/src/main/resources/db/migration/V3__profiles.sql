-- V3: what profiling keeps per dataset.
--
-- dataset_profiles: how the latest finished profile run of a dataset ended (one row per dataset; the
-- dataset list shows it without reading any profile document). alerts_json / checks_json are counts by
-- severity / status as JSON objects.
-- dataset_rules: the rule checks declared for a dataset, as a JSON list in their declared order.

CREATE TABLE dataset_profiles (
    dataset_id     TEXT PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
    run_id         TEXT NOT NULL,
    status         TEXT NOT NULL,
    version_number INTEGER,
    alerts_json    TEXT NOT NULL,
    checks_json    TEXT NOT NULL,
    failures       INTEGER NOT NULL,
    finished_at    TEXT NOT NULL,
    reason         TEXT
);

CREATE TABLE dataset_rules (
    dataset_id TEXT PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
    rules_json TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

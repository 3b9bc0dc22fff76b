-- PostgreSQL twin of sqlite/0006_report_versions.sql (see ../README.md).
CREATE TABLE report_versions (
    period TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'approved')),
    content TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    generated_by TEXT NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    generated_at TEXT NOT NULL,
    approved_by TEXT REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    approved_at TEXT,
    PRIMARY KEY (period, unit_id, version)
);

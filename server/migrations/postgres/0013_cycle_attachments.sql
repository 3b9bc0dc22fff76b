-- PostgreSQL twin of sqlite/0013_cycle_attachments.sql (see ../README.md):
-- the files a socialisation's record keeps.
CREATE TABLE cycle_attachments (
    event_id TEXT NOT NULL REFERENCES cycle_events (id) DEFERRABLE INITIALLY IMMEDIATE,
    sha256 TEXT NOT NULL REFERENCES evidence_files (sha256) DEFERRABLE INITIALLY IMMEDIATE,
    name TEXT NOT NULL,
    PRIMARY KEY (event_id, sha256)
);
CREATE INDEX cycle_attachments_sha256 ON cycle_attachments (sha256);

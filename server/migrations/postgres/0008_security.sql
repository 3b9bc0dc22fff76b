-- PostgreSQL twin of sqlite/0008_security.sql (see ../README.md). A CHECK
-- constraint changes in place here; SQLite had to copy the table.

CREATE TABLE evidence_uploads (
    sha256 TEXT NOT NULL REFERENCES evidence_files (sha256) DEFERRABLE INITIALLY IMMEDIATE,
    user_id TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (sha256, user_id)
);

ALTER TABLE server_instance ADD COLUMN demo BIGINT NOT NULL DEFAULT 0;

ALTER TABLE audit_log
    DROP CONSTRAINT audit_log_action,
    ADD CONSTRAINT audit_log_action CHECK (action IN ('sync', 'resolve', 'lock', 'unlock', 'edit')),
    ADD COLUMN request_id TEXT;

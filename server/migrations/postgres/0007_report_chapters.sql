-- PostgreSQL twin of sqlite/0007_report_chapters.sql (see ../README.md).
CREATE TABLE report_chapters (
    period TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    chapter TEXT NOT NULL,
    revision BIGINT NOT NULL CHECK (revision > 0),
    text TEXT,
    edited_by TEXT NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    edited_at TEXT NOT NULL,
    PRIMARY KEY (period, unit_id, chapter, revision)
);

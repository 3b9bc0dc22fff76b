-- PostgreSQL twin of sqlite/0012_report_supersessions.sql (see ../README.md):
-- approved report versions a later review reopened.
CREATE TABLE report_supersessions (
    period TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    superseded_by TEXT NOT NULL,
    superseded_at TEXT NOT NULL,
    PRIMARY KEY (period, unit_id, version),
    FOREIGN KEY (period, unit_id, version) REFERENCES report_versions (period, unit_id, version)
        DEFERRABLE INITIALLY IMMEDIATE
);

-- PostgreSQL twin of sqlite/0011_cycle_drafts.sql (see ../README.md): the
-- report version each run of a cycle's draft step kept.
CREATE TABLE cycle_drafts (
    event_id TEXT PRIMARY KEY REFERENCES cycle_events (id) DEFERRABLE INITIALLY IMMEDIATE,
    period TEXT NOT NULL,
    version BIGINT NOT NULL,
    content_hash TEXT NOT NULL
);
CREATE INDEX cycle_drafts_period ON cycle_drafts (period);

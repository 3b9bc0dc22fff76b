-- The report version each run of a cycle's draft step kept (the quarterly
-- report at step 4, the semester recap at step 6, the annual combination
-- at step 9), by the event that completed the step: the cycle's approval
-- approves the newest of them, exactly as it was kept (its content hash).
CREATE TABLE cycle_drafts (
    event_id TEXT PRIMARY KEY REFERENCES cycle_events (id),
    period TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL
);
CREATE INDEX cycle_drafts_period ON cycle_drafts (period);

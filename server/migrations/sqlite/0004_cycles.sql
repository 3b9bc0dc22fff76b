-- The SOP as reporting cycles (issue 6). A cycle is stored as its events;
-- its state is replayed from them by the shared domain code, so every review
-- round stays in the history. Admin edits of the SOP's steps are kept as
-- overrides of the defaults in `domain::cycle::default_steps`.

CREATE TABLE sop_step_overrides (
    number INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 9),
    title TEXT NOT NULL,
    role TEXT NOT NULL,
    standard_minutes INTEGER NOT NULL CHECK (standard_minutes > 0),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users (id)
);

-- One row per action taken; `id` is made by the client, so a retried action
-- is one event.
CREATE TABLE cycle_events (
    id TEXT PRIMARY KEY,
    period TEXT NOT NULL,
    seq INTEGER NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    action TEXT NOT NULL,
    UNIQUE (period, seq)
);

-- After a review's Tidak: units whose data is open inside the period's locks
-- until they have revised.
CREATE TABLE lock_openings (
    unit_id TEXT NOT NULL REFERENCES units (id),
    period TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    PRIMARY KEY (unit_id, period)
);

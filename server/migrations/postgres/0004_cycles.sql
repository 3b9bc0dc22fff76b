-- PostgreSQL twin of sqlite/0004_cycles.sql (see ../README.md).

CREATE TABLE sop_step_overrides (
    number BIGINT PRIMARY KEY CHECK (number BETWEEN 1 AND 9),
    title TEXT NOT NULL,
    role TEXT NOT NULL,
    standard_minutes BIGINT NOT NULL CHECK (standard_minutes > 0),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE
);

CREATE TABLE cycle_events (
    id TEXT PRIMARY KEY,
    period TEXT NOT NULL,
    seq BIGINT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    role TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    action TEXT NOT NULL,
    UNIQUE (period, seq)
);

CREATE TABLE lock_openings (
    unit_id TEXT NOT NULL REFERENCES units (id) DEFERRABLE INITIALLY IMMEDIATE,
    period TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    PRIMARY KEY (unit_id, period)
);

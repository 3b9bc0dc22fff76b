-- Events counted by the rate limits (failed sign-ins, password changes,
-- pushes) when several server instances share one PostgreSQL database, so
-- that every instance counts the same events. A server on SQLite owns its
-- file alone and keeps these counts in memory: the table stays empty here
-- and exists so that both databases have one schema (`copy-to`).
CREATE TABLE rate_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    limiter TEXT NOT NULL,
    key TEXT NOT NULL,
    at_ms INTEGER NOT NULL
);
CREATE INDEX rate_events_key ON rate_events (limiter, key, at_ms);

-- PostgreSQL twin of sqlite/0005_dispositions.sql (see ../README.md).
CREATE TABLE dispositions (
    id TEXT PRIMARY KEY,
    year BIGINT NOT NULL,
    agenda BIGINT NOT NULL,
    issued_ms BIGINT NOT NULL,
    issued_by TEXT NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    period TEXT,
    body TEXT NOT NULL,
    UNIQUE (year, agenda)
);

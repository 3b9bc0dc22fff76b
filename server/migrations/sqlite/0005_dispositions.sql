-- Lembar Disposisi (issue 6): the agenda register. `id` is made by the
-- client, so a retried submission registers one sheet; the agenda number is
-- given inside the write transaction, one sequence per year. The sheet's
-- fields and its receipts are stored as the shared domain's JSON; the
-- columns beside them are what the register is read by.
CREATE TABLE dispositions (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    agenda INTEGER NOT NULL,
    issued_ms INTEGER NOT NULL,
    issued_by TEXT NOT NULL REFERENCES users (id),
    period TEXT,
    body TEXT NOT NULL,
    UNIQUE (year, agenda)
);

-- Report versions (issue 7). A report — a period, for one unit or for the
-- agency ('' in unit_id) — has numbered versions. The newest may be a draft,
-- regenerated in place; an approved version is never updated again (every
-- UPDATE below is guarded by status = 'draft'). `content` is the compiled
-- report as the shared domain's JSON, `content_hash` its SHA-256.
CREATE TABLE report_versions (
    period TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'approved')),
    content TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    generated_by TEXT NOT NULL REFERENCES users (id),
    generated_at TEXT NOT NULL,
    approved_by TEXT REFERENCES users (id),
    approved_at TEXT,
    PRIMARY KEY (period, unit_id, version)
);

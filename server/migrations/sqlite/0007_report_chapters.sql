-- Rewrites of the LKjIP's narrative chapters (issue 7). Every rewrite is a
-- row of its own, never updated: the newest revision of a chapter is its
-- text, the older ones its history. `text` NULL is a return to the text
-- pre-filled from the report. `unit_id` is '' for the agency's report.
CREATE TABLE report_chapters (
    period TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    chapter TEXT NOT NULL,
    revision INTEGER NOT NULL CHECK (revision > 0),
    text TEXT,
    edited_by TEXT NOT NULL REFERENCES users (id),
    edited_at TEXT NOT NULL,
    PRIMARY KEY (period, unit_id, chapter, revision)
);

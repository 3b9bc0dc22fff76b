-- An approved report version whose months a later review reopened (a
-- semester's Tidak reopens months of its approved quarters): the version
-- row itself is never written again, so the mark is a row of its own,
-- naming the review's period. It is removed when the revision changed
-- nothing in that report.
CREATE TABLE report_supersessions (
    period TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    superseded_by TEXT NOT NULL,
    superseded_at TEXT NOT NULL,
    PRIMARY KEY (period, unit_id, version),
    FOREIGN KEY (period, unit_id, version) REFERENCES report_versions (period, unit_id, version)
);

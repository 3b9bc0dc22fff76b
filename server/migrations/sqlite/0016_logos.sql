-- The agency's logo files, by SHA-256: the letterhead setting names the
-- one in use, and an earlier one stays so the audit trail's hashes still
-- name a file.
CREATE TABLE logos (
    sha256 TEXT PRIMARY KEY,
    content BLOB NOT NULL,
    uploaded_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL
);

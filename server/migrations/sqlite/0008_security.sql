-- Who has uploaded each evidence file. Sending a file's bytes proves one
-- holds it; knowing its hash does not. An evidence op may name a file the
-- sender uploaded (or one attached inside the sender's scope), so a second
-- uploader of the same bytes is kept as well as the first.
CREATE TABLE evidence_uploads (
    sha256 TEXT NOT NULL REFERENCES evidence_files (sha256),
    user_id TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (sha256, user_id)
);
INSERT INTO evidence_uploads (sha256, user_id, uploaded_at)
    SELECT sha256, uploaded_by, uploaded_at FROM evidence_files;

-- Whether this database holds the demo agency (seeded with `--demo`, whose
-- accounts share a published password). A server started without `--demo`
-- refuses such a database.
ALTER TABLE server_instance ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;

-- Audit rows of changes made through the API rather than by sync (master
-- data, accounts, workflow steps, monthly spending): action `edit`; and the
-- id of the request that made each change, as in the server's log lines.
-- SQLite cannot change a CHECK constraint in place, so the table is copied.
CREATE TABLE audit_log_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id TEXT NOT NULL,
    device_id TEXT,
    op_id TEXT,
    action TEXT NOT NULL CHECK (action IN ('sync', 'resolve', 'lock', 'unlock', 'edit')),
    entity TEXT NOT NULL,
    record_key TEXT NOT NULL,
    unit_id TEXT,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    request_id TEXT
);
INSERT INTO audit_log_new SELECT id, at, user_id, device_id, op_id, action, entity, record_key, unit_id, field,
    old_value, new_value, NULL FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_record ON audit_log (entity, record_key);
CREATE INDEX audit_unit ON audit_log (unit_id, id);

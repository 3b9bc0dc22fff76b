-- The sync protocol (docs/sync-protocol.md): the op log that makes pushes
-- idempotent, each device's last applied sequence number, the change feed
-- devices pull, conflicts, period locks, the audit trail and evidence files.

-- Every op a device sent that could be read, with the answer it was given.
CREATE TABLE sync_ops (
    server_order INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id TEXT NOT NULL UNIQUE,
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_key TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'merged', 'conflict', 'rejected')),
    code TEXT NOT NULL,
    op TEXT NOT NULL,
    answer TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- The last applied sequence number of each device, per user: a device's
-- ops apply in order, and no one can stall another user's device by
-- sending its id with a high number.
CREATE TABLE sync_devices (
    device_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    last_seq INTEGER NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (device_id, user_id)
);

-- The latest state of every synced record, one row per record; a write
-- gives the row a new cursor, so its cursor is always the record's newest
-- change (the row itself stays where it is).
CREATE TABLE sync_records (
    id INTEGER PRIMARY KEY,
    cursor INTEGER NOT NULL UNIQUE,
    entity TEXT NOT NULL,
    record_key TEXT NOT NULL,
    unit_id TEXT,
    revision INTEGER NOT NULL,
    record_values TEXT NOT NULL,
    conflicted INTEGER NOT NULL DEFAULT 0,
    changed_at TEXT NOT NULL,
    UNIQUE (entity, record_key)
);

CREATE TABLE conflicts (
    id TEXT PRIMARY KEY,
    entity TEXT NOT NULL,
    record_key TEXT NOT NULL,
    unit_id TEXT,
    field TEXT NOT NULL,
    base_value TEXT,
    server_value TEXT,
    client_value TEXT,
    op_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolved_value TEXT
);
CREATE INDEX conflicts_record ON conflicts (entity, record_key);
CREATE INDEX conflicts_open ON conflicts (resolved_at, unit_id);

CREATE TABLE period_locks (
    unit_id TEXT NOT NULL REFERENCES units (id),
    period TEXT NOT NULL,
    reason TEXT NOT NULL,
    locked_at TEXT NOT NULL,
    locked_by TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (unit_id, period)
);

-- Every applied change of a field, and every lock and unlock.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id TEXT NOT NULL,
    device_id TEXT,
    op_id TEXT,
    action TEXT NOT NULL CHECK (action IN ('sync', 'resolve', 'lock', 'unlock')),
    entity TEXT NOT NULL,
    record_key TEXT NOT NULL,
    unit_id TEXT,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX audit_record ON audit_log (entity, record_key);
CREATE INDEX audit_unit ON audit_log (unit_id, id);

CREATE TABLE evidence_files (
    sha256 TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content BLOB NOT NULL,
    uploaded_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL
);

-- Evidence is a synced record of its own: it may be attached before the
-- value is entered, so it no longer needs a realisation row.
DROP TABLE evidence_refs;
CREATE TABLE evidence_refs (
    indicator_id TEXT NOT NULL REFERENCES indicators (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    period TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES evidence_files (sha256),
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('attached', 'removed')),
    revision INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    PRIMARY KEY (indicator_id, unit_id, period, sha256)
);

ALTER TABLE budget_realisations ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE budget_realisations ADD COLUMN updated_by TEXT;

-- Records entered before the change feed existed join it at revision as held.
INSERT INTO sync_records (cursor, entity, record_key, unit_id, revision, record_values, conflicted, changed_at)
SELECT ROW_NUMBER() OVER (ORDER BY updated_at), 'realisation',
       json_object('entity', 'realisation', 'key',
                   json_object('indicator_id', indicator_id, 'unit_id', unit_id, 'period', period)),
       unit_id, revision,
       json_object('analisis', analisis, 'kendala', kendala, 'tindak_lanjut', tindak_lanjut, 'value', value),
       0, updated_at
FROM realisations;

INSERT INTO sync_records (cursor, entity, record_key, unit_id, revision, record_values, conflicted, changed_at)
SELECT (SELECT COALESCE(MAX(cursor), 0) FROM sync_records) + ROW_NUMBER() OVER (ORDER BY b.updated_at), 'budget_realisation',
       json_object('entity', 'budget_realisation', 'key', json_object('program_id', b.program_id, 'period', b.period)),
       p.unit_id, b.revision, json_object('amount', b.amount), 0, b.updated_at
FROM budget_realisations b JOIN programs p ON p.id = b.program_id;

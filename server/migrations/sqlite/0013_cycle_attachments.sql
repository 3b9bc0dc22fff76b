-- The files a socialisation's record keeps (the photographed attendance
-- list, the slides), by the event that recorded it: the evidence store
-- holds each file once, and every signed-in user who sees the cycle may
-- open it.
CREATE TABLE cycle_attachments (
    event_id TEXT NOT NULL REFERENCES cycle_events (id),
    sha256 TEXT NOT NULL REFERENCES evidence_files (sha256),
    name TEXT NOT NULL,
    PRIMARY KEY (event_id, sha256)
);
CREATE INDEX cycle_attachments_sha256 ON cycle_attachments (sha256);

-- The identity of this database. `instance_id` is made once, on the first
-- start, and never changes: clients compare it to notice that the server's
-- data was replaced (a restore), so that their sync cursors start over.
CREATE TABLE server_instance (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    instance_id TEXT NOT NULL,
    created_at TEXT NOT NULL
);

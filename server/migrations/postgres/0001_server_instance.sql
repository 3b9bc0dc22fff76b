-- PostgreSQL twin of sqlite/0001_server_instance.sql (see ../README.md).
CREATE TABLE server_instance (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    instance_id TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- The version of the reference data every sync decision reads (units,
-- indicators with their contributors, programmes). Any change to those
-- tables moves it, by trigger, in the changing transaction, so every server
-- instance's cached copy knows it is stale from the database itself, not
-- from a signal of the instance that wrote.
CREATE TABLE reference_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO reference_version (id, version) VALUES (1, 0);

CREATE TRIGGER units_insert_moves_reference AFTER INSERT ON units
BEGIN
    UPDATE reference_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER units_update_moves_reference AFTER UPDATE ON units
BEGIN
    UPDATE reference_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER units_delete_moves_reference AFTER DELETE ON units
BEGIN
    UPDATE reference_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER indicators_insert_moves_reference AFTER INSERT ON indicators
BEGIN
    UPDATE reference_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER indicators_update_moves_reference AFTER UPDATE ON indicators
BEGIN
    UPDATE reference_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER indicators_delete_moves_reference AFTER DELETE ON indicators
BEGIN
    UPDATE reference_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER indicator_contributors_insert_moves_reference AFTER INSERT ON indicator_contributors
BEGIN
    UPDATE reference_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER indicator_contributors_update_moves_reference AFTER UPDATE ON indicator_contributors
BEGIN
    UPDATE reference_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER indicator_contributors_delete_moves_reference AFTER DELETE ON indicator_contributors
BEGIN
    UPDATE reference_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER programs_insert_moves_reference AFTER INSERT ON programs
BEGIN
    UPDATE reference_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER programs_update_moves_reference AFTER UPDATE ON programs
BEGIN
    UPDATE reference_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER programs_delete_moves_reference AFTER DELETE ON programs
BEGIN
    UPDATE reference_version SET version = version + 1 WHERE id = 1;
END;

-- PostgreSQL twin of sqlite/0009_reference_version.sql (see ../README.md):
-- one trigger function, run once per statement that changes the reference
-- data, in the changing transaction.
CREATE TABLE reference_version (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO reference_version (id, version) VALUES (1, 0);

CREATE FUNCTION move_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE reference_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER units_moves_reference AFTER INSERT OR UPDATE OR DELETE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION move_reference_version();
CREATE TRIGGER indicators_moves_reference AFTER INSERT OR UPDATE OR DELETE ON indicators
    FOR EACH STATEMENT EXECUTE FUNCTION move_reference_version();
CREATE TRIGGER indicator_contributors_moves_reference AFTER INSERT OR UPDATE OR DELETE ON indicator_contributors
    FOR EACH STATEMENT EXECUTE FUNCTION move_reference_version();
CREATE TRIGGER programs_moves_reference AFTER INSERT OR UPDATE OR DELETE ON programs
    FOR EACH STATEMENT EXECUTE FUNCTION move_reference_version();

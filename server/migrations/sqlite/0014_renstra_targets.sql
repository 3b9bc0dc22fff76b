-- An indicator's Renstra target for each year of the Renstra, as a JSON
-- list of {year, target} in year order (the target as exact decimal text):
-- kept on the indicator's row so that its audit trail carries them.
ALTER TABLE indicators ADD COLUMN renstra_targets TEXT NOT NULL DEFAULT '[]';

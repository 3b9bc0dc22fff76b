-- The upper ends of targets the PK writes as ranges ("7–8 bulan",
-- "80–90 %"): the target columns hold the lower ends; a point target has
-- no upper end.
ALTER TABLE year_plans ADD COLUMN annual_target_upper TEXT;
ALTER TABLE year_plans ADD COLUMN tw1_target_upper TEXT;
ALTER TABLE year_plans ADD COLUMN tw2_target_upper TEXT;
ALTER TABLE year_plans ADD COLUMN tw3_target_upper TEXT;
ALTER TABLE year_plans ADD COLUMN tw4_target_upper TEXT;

-- Refused attempts: a member refused by need-to-know (a wall, a matter they
-- may not see, a restricted person, a role) is recorded with the route and
-- the target, so the DPO and auditors can see who tried what. refused
-- names the reason ('walled', 'not_visible', 'restricted', 'forbidden');
-- '' is a view. A refusal may name no data subject (a role refused on a
-- route that names none).
ALTER TABLE access_log ADD COLUMN refused text NOT NULL DEFAULT '';
ALTER TABLE access_log DROP CONSTRAINT access_log_subjects_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_subjects_check CHECK (cardinality(subjects) > 0 OR refused <> '');
CREATE INDEX access_log_refused ON access_log (id) WHERE refused <> '';

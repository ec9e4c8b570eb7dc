-- A contact marked as holding special categories (art. 9, 10) as a whole
-- (special_contacts_v1, field 'contact') is left out of every report, as a
-- restricted person is: its file is about an illness or a crime, and even
-- a pseudonymous row with its matters' counts is more than analysts need.
-- A contact with only a field marked (addresses, roles, relations) stays:
-- no view carries those fields. The table is the special_contacts
-- projector's; before it first runs there is none, and nobody is marked.
CREATE OR REPLACE FUNCTION reporting_private.excluded_subjects() RETURNS TABLE (subject_id text)
LANGUAGE plpgsql STABLE
SET search_path = public, pg_temp AS $$
BEGIN
	RETURN QUERY
		SELECT c.id FROM contacts_v1 c WHERE c.erased
		UNION SELECT s.id FROM staff_v1 s WHERE s.erased
		UNION SELECT g.subject_id FROM gdpr_subjects_v1 g WHERE g.restricted OR g.erased;
	IF to_regclass('special_contacts_v1') IS NOT NULL THEN
		RETURN QUERY SELECT x.contact_id FROM special_contacts_v1 x WHERE x.field = 'contact';
	END IF;
END $$;

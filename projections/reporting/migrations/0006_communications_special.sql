-- An entry of the communication log marked as holding special categories
-- (art. 9, 10) is not the analysts' to count or see: the view leaves it
-- out, as it leaves out the entries of excluded subjects.
CREATE OR REPLACE FUNCTION reporting_private.communications()
RETURNS TABLE (communication text, kind text, day date, matter text, contacts integer, corrected boolean,
	deleted boolean, logged_by text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	RETURN QUERY
		WITH x AS (SELECT e.subject_id FROM reporting_private.excluded_subjects() e)
		SELECT reporting_private.pseudonym(c.id), c.kind, (c.occurred_at AT TIME ZONE 'Europe/Stockholm')::date,
			reporting_private.pseudonym(nullif(c.matter_id, '')), cardinality(c.contact_ids), c.corrected_at IS NOT NULL, c.deleted,
			reporting_private.pseudonym(c.logged_by)
		FROM communications_v2 c
		WHERE NOT c.erased AND NOT c.special AND c.data_subject NOT IN (SELECT * FROM x)
			AND NOT c.contact_ids && ARRAY(SELECT * FROM x) AND c.logged_by NOT IN (SELECT * FROM x);
END $$;

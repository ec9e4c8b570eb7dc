-- The reporting schema: documented, stable, pseudonymised views for the
-- analysts (docs/reporting.md describes every column).
--
-- Each view reads a SECURITY DEFINER function in reporting_private rather
-- than the read models' tables: a view would make PostgreSQL refuse to drop
-- a table it depends on, and a read model drops and rebuilds its tables
-- when its version changes. The functions run as their owner (the
-- application's role), so analysts need no right on any table. Days and
-- months are Stockholm's.
CREATE SCHEMA reporting;

CREATE FUNCTION reporting_private.contacts()
RETURNS TABLE (contact text, kind text, created_month date, archived boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	RETURN QUERY
		SELECT reporting_private.pseudonym(c.id), c.kind,
			date_trunc('month', c.created_at AT TIME ZONE 'Europe/Stockholm')::date, c.archived
		FROM contacts_v1 c
		WHERE NOT c.erased AND c.id NOT IN (SELECT x.subject_id FROM reporting_private.excluded_subjects() x);
END $$;

CREATE FUNCTION reporting_private.staff_activity()
RETURNS TABLE (actor text, staff boolean, roles text[], event_type text, day date, events bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	RETURN QUERY
		SELECT reporting_private.pseudonym(a.actor), s.id IS NOT NULL, s.roles, a.type,
			(a.occurred_at AT TIME ZONE 'Europe/Stockholm')::date, count(*)
		FROM audit_trail_v1 a LEFT JOIN staff_v1 s ON s.id = a.actor
		WHERE a.actor NOT IN (SELECT x.subject_id FROM reporting_private.excluded_subjects() x)
		GROUP BY 1, 2, 3, 4, 5;
END $$;

CREATE FUNCTION reporting_private.events_per_day()
RETURNS TABLE (day date, event_type text, events bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	RETURN QUERY
		SELECT (a.occurred_at AT TIME ZONE 'Europe/Stockholm')::date, a.type, count(*)
		FROM audit_trail_v1 a GROUP BY 1, 2;
END $$;

CREATE FUNCTION reporting_private.matters()
RETURNS TABLE (matter text, practice_area text, status text, opened_month date, closed_month date,
	responsible text, team_size integer, clients integer, parties integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	RETURN QUERY
		WITH x AS (SELECT e.subject_id FROM reporting_private.excluded_subjects() e)
		SELECT reporting_private.pseudonym(m.id), m.practice_area, m.status,
			date_trunc('month', m.opened_at AT TIME ZONE 'Europe/Stockholm')::date,
			date_trunc('month', m.closed_at AT TIME ZONE 'Europe/Stockholm')::date,
			CASE WHEN m.responsible_lawyer IN (SELECT * FROM x) THEN NULL
				ELSE reporting_private.pseudonym(m.responsible_lawyer) END,
			cardinality(m.team_members),
			(SELECT count(*)::integer FROM unnest(m.client_ids) AS c(id) WHERE c.id NOT IN (SELECT * FROM x)),
			(SELECT count(*)::integer FROM matters_v1_parties p WHERE p.matter_id = m.id AND p.contact_id NOT IN (SELECT * FROM x))
		FROM matters_v1 m
		WHERE NOT m.erased;
END $$;

CREATE FUNCTION reporting_private.tasks()
RETURNS TABLE (task text, matter text, status text, priority text, due date, created_month date,
	closed_day date, assignee text, assignee_team text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	RETURN QUERY
		WITH x AS (SELECT e.subject_id FROM reporting_private.excluded_subjects() e)
		SELECT reporting_private.pseudonym(t.id), reporting_private.pseudonym(nullif(t.matter_id, '')),
			t.status, t.priority, t.due,
			date_trunc('month', t.created_at AT TIME ZONE 'Europe/Stockholm')::date,
			(t.closed_at AT TIME ZONE 'Europe/Stockholm')::date,
			reporting_private.pseudonym(nullif(t.assignee_staff, '')), nullif(t.assignee_team, '')
		FROM tasks_v1 t
		WHERE NOT t.erased AND t.contact_id NOT IN (SELECT * FROM x) AND t.assignee_staff NOT IN (SELECT * FROM x);
END $$;

CREATE FUNCTION reporting_private.deadlines()
RETURNS TABLE (deadline text, matter text, kind text, date date, status text, responsible text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	RETURN QUERY
		SELECT reporting_private.pseudonym(d.id), reporting_private.pseudonym(d.matter_id), d.kind, d.date,
			d.status, reporting_private.pseudonym(d.responsible)
		FROM deadlines_v1 d
		WHERE NOT d.erased AND d.responsible NOT IN (SELECT x.subject_id FROM reporting_private.excluded_subjects() x);
END $$;

CREATE FUNCTION reporting_private.communications()
RETURNS TABLE (communication text, kind text, day date, matter text, contacts integer, corrected boolean,
	deleted boolean, logged_by text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	RETURN QUERY
		WITH x AS (SELECT e.subject_id FROM reporting_private.excluded_subjects() e)
		SELECT reporting_private.pseudonym(c.id), c.kind, (c.occurred_at AT TIME ZONE 'Europe/Stockholm')::date,
			reporting_private.pseudonym(nullif(c.matter_id, '')), cardinality(c.contact_ids), c.corrected, c.deleted,
			reporting_private.pseudonym(c.logged_by)
		FROM communications_v1 c
		WHERE NOT c.erased AND c.data_subject NOT IN (SELECT * FROM x)
			AND NOT c.contact_ids && ARRAY(SELECT * FROM x) AND c.logged_by NOT IN (SELECT * FROM x);
END $$;

CREATE VIEW reporting.contacts AS SELECT * FROM reporting_private.contacts();
CREATE VIEW reporting.staff_activity AS SELECT * FROM reporting_private.staff_activity();
CREATE VIEW reporting.events_per_day AS SELECT * FROM reporting_private.events_per_day();
CREATE VIEW reporting.matters AS SELECT * FROM reporting_private.matters();
CREATE VIEW reporting.tasks AS SELECT * FROM reporting_private.tasks();
CREATE VIEW reporting.deadlines AS SELECT * FROM reporting_private.deadlines();
CREATE VIEW reporting.communications AS SELECT * FROM reporting_private.communications();

COMMENT ON SCHEMA reporting IS 'Pseudonymised views for analysts; see docs/reporting.md';
COMMENT ON VIEW reporting.contacts IS 'One row per contact, without erased or restricted persons';
COMMENT ON VIEW reporting.staff_activity IS 'Events per actor, event type and day';
COMMENT ON VIEW reporting.events_per_day IS 'Events per day and event type, everyone included';
COMMENT ON VIEW reporting.matters IS 'One row per matter that is not erased';
COMMENT ON VIEW reporting.tasks IS 'One row per task';
COMMENT ON VIEW reporting.deadlines IS 'One row per deadline';
COMMENT ON VIEW reporting.communications IS 'One row per communication-log entry';

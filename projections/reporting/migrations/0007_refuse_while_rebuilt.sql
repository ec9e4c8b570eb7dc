-- A read model replaying the log from its start holds part of what
-- happened, and its checkpoint says "rebuilding" until it has caught up
-- (projections/rebuilding.go). A view over it would answer as if complete:
-- a third of the contacts, and, while the GDPR register or the special
-- categories replay, people who are restricted or marked. So every view
-- first asks whole(), which refuses (SQLSTATE 55000,
-- object_not_in_prerequisite_state) naming the read models being rebuilt.
-- The check is a one-time filter: it runs once per query, before any row.
CREATE FUNCTION reporting_private.whole() RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	rebuilding text;
BEGIN
	IF to_regclass('projector_checkpoints') IS NULL THEN
		RETURN true;
	END IF;
	SELECT string_agg(c.name, ', ' ORDER BY c.name) INTO rebuilding FROM projector_checkpoints c
	WHERE c.status = 'rebuilding' AND c.name IN ('contacts', 'staff', 'matters', 'work', 'communications', 'gdpr',
		'audit_trail', 'special_contacts');
	IF rebuilding IS NOT NULL THEN
		RAISE EXCEPTION 'reporting: the read models % are being rebuilt, so the views would be incomplete', rebuilding
			USING ERRCODE = 'object_not_in_prerequisite_state',
				HINT = 'Ask again once `klient projections status` shows them running.';
	END IF;
	RETURN true;
END $$;

CREATE OR REPLACE VIEW reporting.contacts AS SELECT * FROM reporting_private.contacts() WHERE reporting_private.whole();
CREATE OR REPLACE VIEW reporting.staff_activity AS SELECT * FROM reporting_private.staff_activity() WHERE reporting_private.whole();
CREATE OR REPLACE VIEW reporting.events_per_day AS SELECT * FROM reporting_private.events_per_day() WHERE reporting_private.whole();
CREATE OR REPLACE VIEW reporting.matters AS SELECT * FROM reporting_private.matters() WHERE reporting_private.whole();
CREATE OR REPLACE VIEW reporting.tasks AS SELECT * FROM reporting_private.tasks() WHERE reporting_private.whole();
CREATE OR REPLACE VIEW reporting.deadlines AS SELECT * FROM reporting_private.deadlines() WHERE reporting_private.whole();
CREATE OR REPLACE VIEW reporting.communications AS SELECT * FROM reporting_private.communications() WHERE reporting_private.whole();

-- The analyst runs whole() as a view's reader (a view's functions run with
-- its reader's EXECUTE right), so grant_analyst grants it too.
CREATE OR REPLACE FUNCTION reporting_private.grant_analyst() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klient_analyst') THEN
		RAISE NOTICE 'there is no role klient_analyst yet';
		RETURN;
	END IF;
	GRANT USAGE ON SCHEMA reporting TO klient_analyst;
	GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO klient_analyst;
	ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO klient_analyst;
	GRANT EXECUTE ON FUNCTION reporting_private.contacts(), reporting_private.staff_activity(),
		reporting_private.events_per_day(), reporting_private.matters(), reporting_private.tasks(),
		reporting_private.deadlines(), reporting_private.communications(), reporting_private.whole() TO klient_analyst;
	REVOKE ALL ON SCHEMA public FROM klient_analyst;
	IF pg_has_role(current_user, 'pg_database_owner', 'USAGE') THEN
		REVOKE ALL ON SCHEMA public FROM PUBLIC;
	END IF;
END $$;

SELECT reporting_private.grant_analyst();

-- The analysts' role: it can read the reporting views and nothing else.
-- NOLOGIN: docs/reporting.md says how to give a person a login.
--
-- Roles belong to the whole cluster, so another database may have made it
-- already (or be making it now). An application role without CREATEROLE
-- leaves it to a database administrator, who then runs
-- SELECT reporting_private.grant_analyst(); as the application's role.
DO $$
BEGIN
	CREATE ROLE klient_analyst NOLOGIN;
EXCEPTION
	WHEN duplicate_object OR unique_violation THEN NULL;
	WHEN insufficient_privilege THEN
		RAISE NOTICE 'klient_analyst not created: ask a database administrator (docs/reporting.md)';
END $$;

-- grant_analyst gives klient_analyst exactly what reports need: the
-- reporting schema's views, and the functions behind them (a view's
-- functions run with its reader's EXECUTE right). Running it twice is
-- harmless.
CREATE FUNCTION reporting_private.grant_analyst() RETURNS void
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
		reporting_private.deadlines(), reporting_private.communications() TO klient_analyst;
	REVOKE ALL ON SCHEMA public FROM klient_analyst;
	-- PUBLIC's default USAGE on the public schema would still reach the
	-- analyst; the database's owner keeps every right there, so take it
	-- away when that is who runs this.
	IF pg_has_role(current_user, 'pg_database_owner', 'USAGE') THEN
		REVOKE ALL ON SCHEMA public FROM PUBLIC;
	END IF;
END $$;

SELECT reporting_private.grant_analyst();

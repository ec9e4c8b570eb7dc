-- The access log: who looked at whose personal data. Identifiers only.
CREATE TABLE access_log (
	id             bigserial   PRIMARY KEY,
	at             timestamptz NOT NULL,
	staff_id       text        NOT NULL CHECK (staff_id <> ''),
	subjects       text[]      NOT NULL CHECK (cardinality(subjects) > 0),
	route          text        NOT NULL CHECK (route <> ''),
	action         text        NOT NULL,
	purpose        text        CHECK (char_length(purpose) <= 500),
	correlation_id text        NOT NULL DEFAULT '',
	via            text        NOT NULL CHECK (via IN ('page', 'api', 'export', 'calendar', 'download'))
);
CREATE INDEX access_log_subjects ON access_log USING gin (subjects);
CREATE INDEX access_log_staff_at ON access_log (staff_id, at);
CREATE INDEX access_log_at ON access_log (at);

-- Append-only: no UPDATE ever; DELETE only while the transaction has set
-- klient.accesslog_retention = 'on' (DeleteOlderThan, for retention).
CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' AND current_setting('klient.accesslog_retention', true) = 'on' THEN
		RETURN OLD;
	END IF;
	RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP
		USING ERRCODE = 'KL001', HINT = 'old entries are removed by retention only';
END $$;

CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
	FOR EACH ROW EXECUTE FUNCTION access_log_append_only();

-- TRUNCATE fires no row trigger, so it gets its own, which always refuses.
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
	FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();

-- Purposes written before 0004 are in the clear in access_log.purpose.
-- SealOldPurposes (run at every start, after the key store is open) seals
-- each as Record seals a new one and blanks the column; the trigger lets
-- exactly that UPDATE through, and only while the transaction has set
-- klient.accesslog_seal = 'on' (SealOldPurposes resets it before it
-- commits): purpose to NULL, every other column unchanged. Nothing else
-- may update an entry, flag or not.
CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' AND current_setting('klient.accesslog_retention', true) = 'on' THEN
		RETURN OLD;
	END IF;
	IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'access_log' AND current_setting('klient.accesslog_seal', true) = 'on'
		AND OLD.purpose IS NOT NULL AND NEW.purpose IS NULL
		AND to_jsonb(NEW) - 'purpose' = to_jsonb(OLD) - 'purpose' THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP
		USING ERRCODE = 'KL001', HINT = 'old entries are removed by retention only';
END $$;

-- The entries still holding a purpose in the clear: found at each start
-- without reading the log, and empty once they are sealed.
CREATE INDEX access_log_clear_purpose ON access_log (id) WHERE purpose <> '';

-- Set while the blanked purposes may still be in the table's files:
-- SealOldPurposes rewrites the table (VACUUM FULL) and then clears it, so
-- a start that stopped between the two rewrites at the next start.
CREATE TABLE access_log_rewrite_due (
	due boolean PRIMARY KEY CHECK (due)
);
INSERT INTO access_log_rewrite_due SELECT true WHERE EXISTS (SELECT 1 FROM access_log WHERE purpose <> '');

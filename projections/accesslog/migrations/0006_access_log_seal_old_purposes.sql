-- Purposes written before 0004 are in the clear in access_log.purpose, and
-- those written since are sealed under one key per person
-- ('<subject>/access-purposes'), so no single purpose can be made
-- unreadable alone (a redaction, docs/gdpr.md). From here on each copy has
-- a key of its own ('<subject>/access-purpose-<entry id>', own_key), and
-- SealOldPurposes (run at every start, once the key store is open) brings
-- the older ones there: it seals a purpose in the clear as Record seals a
-- new one and blanks the column, and reseals a copy under the shared key
-- under its own. The trigger lets exactly those two UPDATEs through, and
-- only while the transaction has set klient.accesslog_seal = 'on'
-- (SealOldPurposes resets it before it commits): access_log.purpose to
-- NULL, and a copy from the shared key to its own, nothing else changed.
ALTER TABLE access_log_purposes ADD COLUMN own_key boolean NOT NULL DEFAULT false;

CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' AND current_setting('klient.accesslog_retention', true) = 'on' THEN
		RETURN OLD;
	END IF;
	-- Through jsonb, so each table's condition names only its own columns
	-- (plpgsql may evaluate both sides of an AND).
	IF TG_OP = 'UPDATE' AND current_setting('klient.accesslog_seal', true) = 'on' THEN
		IF TG_TABLE_NAME = 'access_log' AND to_jsonb(OLD) ->> 'purpose' IS NOT NULL AND to_jsonb(NEW) ->> 'purpose' IS NULL
			AND to_jsonb(NEW) - 'purpose' = to_jsonb(OLD) - 'purpose' THEN
			RETURN NEW;
		END IF;
		IF TG_TABLE_NAME = 'access_log_purposes' AND to_jsonb(OLD) -> 'own_key' = 'false' AND to_jsonb(NEW) -> 'own_key' = 'true'
			AND to_jsonb(NEW) - 'sealed' - 'own_key' = to_jsonb(OLD) - 'sealed' - 'own_key' THEN
			RETURN NEW;
		END IF;
	END IF;
	RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
		USING ERRCODE = 'KL001', HINT = 'old entries are removed by retention only';
END $$;

-- What is left for SealOldPurposes, found at each start without reading
-- the log: both empty once it is done.
CREATE INDEX access_log_clear_purpose ON access_log (id) WHERE purpose <> '';
CREATE INDEX access_log_purposes_shared_key ON access_log_purposes (entry_id) WHERE NOT own_key;

-- What SealOldPurposes has still to do once it sealed: rewrite a table
-- whose files hold what it replaced ('rewrite', table), destroy a shared
-- key nothing is sealed under any more ('retire', key name). Each row goes
-- once done, so a start that stopped in between does it at the next.
CREATE TABLE access_log_upgrade_due (
	step text NOT NULL CHECK (step IN ('rewrite', 'retire')),
	name text NOT NULL,
	PRIMARY KEY (step, name)
);

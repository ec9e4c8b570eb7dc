-- The communication log read model: table layout 2 (1 had no volume counts), projector version 6 (the
-- special-category columns). Created by Projector.Setup, dropped and rebuilt when Projector.Version
-- changes; the tables keep the layout's suffix.
CREATE TABLE communications_v2 (
	id              text        PRIMARY KEY,
	kind            text        NOT NULL,
	occurred_at     timestamptz NOT NULL,
	participants    jsonb       NOT NULL DEFAULT '[]', -- [{"kind": "contact"|"staff", "id": …}]
	matter_id       text        NOT NULL DEFAULT '',
	contact_ids     text[]      NOT NULL DEFAULT '{}',
	data_subject    text        NOT NULL, -- whose key seals subject and body
	subject         text        NOT NULL DEFAULT '', -- blank once erased
	body            text        NOT NULL DEFAULT '', -- blank once erased
	follow_up_on    date,                            -- NULL: no open follow-up
	follow_up_staff text        NOT NULL DEFAULT '',
	corrected_at    timestamptz,                     -- the last correction; NULL: never corrected
	deleted         boolean     NOT NULL DEFAULT false,
	erased          boolean     NOT NULL DEFAULT false,
	logged_by       text        NOT NULL,
	logged_at       timestamptz NOT NULL,
	updated_at      timestamptz NOT NULL,
	version         bigint      NOT NULL, -- stream version of the last event applied
	-- Special categories (art. 9, 10), from the entry's marking stream
	-- (special-<id>): a marked entry is hidden from whoever may not read
	-- sensitive data. special stays true once the categories are erased.
	special            boolean NOT NULL DEFAULT false,
	special_categories text[]  NOT NULL DEFAULT '{}', -- sealed with data_subject's key: blank once erased
	special_grounds    text[]  NOT NULL DEFAULT '{}',
	special_version    bigint  NOT NULL DEFAULT -1    -- the marking stream's version last applied
);

CREATE INDEX communications_v2_matter ON communications_v2 (matter_id, occurred_at DESC, id DESC) WHERE matter_id <> '';
CREATE INDEX communications_v2_contacts ON communications_v2 USING gin (contact_ids);
CREATE INDEX communications_v2_participants ON communications_v2 USING gin (participants jsonb_path_ops);
CREATE INDEX communications_v2_follow_ups ON communications_v2 (follow_up_staff, follow_up_on) WHERE follow_up_on IS NOT NULL;
CREATE INDEX communications_v2_occurred ON communications_v2 (occurred_at);
CREATE INDEX communications_v2_data_subject ON communications_v2 (data_subject);

-- Communication volume: per matter, the entries that count in the
-- reports (filed under the matter, neither deleted nor erased) and
-- occurred at or after the window's start, in all and per kind (a column
-- per communication.Kind: a new kind bumps the version). A trigger keeps
-- it as the entries change, whoever changes them (the projector, an
-- erasure, retention), so a report reads a row per matter instead of
-- counting a year of the log. AdvanceVolumeWindow moves the start forward
-- and takes out what fell behind it; a report whose twelve months begin
-- elsewhere adds or subtracts the entries in between itself, so the counts
-- are exact however long ago the window last moved.
CREATE TABLE communication_volume_window_v2 (
	singleton boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
	starts_at timestamptz NOT NULL
);
INSERT INTO communication_volume_window_v2 (starts_at) VALUES (now() - interval '1 year');

CREATE TABLE communication_volume_v2 (
	matter_id       text    PRIMARY KEY,
	total           integer NOT NULL DEFAULT 0,
	email           integer NOT NULL DEFAULT 0,
	phone_call      integer NOT NULL DEFAULT 0,
	meeting         integer NOT NULL DEFAULT 0,
	letter_incoming integer NOT NULL DEFAULT 0,
	letter_outgoing integer NOT NULL DEFAULT 0,
	note            integer NOT NULL DEFAULT 0
);

-- communication_volume_v2_add adds n (negative: takes away) entries of
-- kind to matter's counts.
CREATE FUNCTION communication_volume_v2_add(matter text, kind text, n integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO communication_volume_v2 (matter_id) VALUES (matter) ON CONFLICT (matter_id) DO NOTHING;
	EXECUTE format('UPDATE communication_volume_v2 SET total = total + $1, %1$I = %1$I + $1 WHERE matter_id = $2', kind)
		USING n, matter;
END $$;

CREATE FUNCTION communication_volume_v2_count() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	starts timestamptz := (SELECT w.starts_at FROM communication_volume_window_v2 w);
	counted_before boolean := TG_OP <> 'INSERT' AND OLD.matter_id <> '' AND NOT OLD.deleted AND NOT OLD.erased AND OLD.occurred_at >= starts;
	counted_now boolean := TG_OP <> 'DELETE' AND NEW.matter_id <> '' AND NOT NEW.deleted AND NOT NEW.erased AND NEW.occurred_at >= starts;
BEGIN
	IF counted_before AND counted_now AND OLD.matter_id = NEW.matter_id AND OLD.kind = NEW.kind THEN
		RETURN NULL;
	END IF;
	IF counted_before THEN
		PERFORM communication_volume_v2_add(OLD.matter_id, OLD.kind, -1);
	END IF;
	IF counted_now THEN
		PERFORM communication_volume_v2_add(NEW.matter_id, NEW.kind, 1);
	END IF;
	RETURN NULL;
END $$;

-- New entries are counted once per statement, from its transition table:
-- the projector inserts a batch's entries in one statement, and a row
-- trigger's dynamic UPDATE per entry doubled the cost of an insert.
CREATE FUNCTION communication_volume_v2_count_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO communication_volume_v2 AS v (matter_id, total, email, phone_call, meeting, letter_incoming, letter_outgoing, note)
	SELECT n.matter_id, count(*), count(*) FILTER (WHERE n.kind = 'email'), count(*) FILTER (WHERE n.kind = 'phone_call'),
		count(*) FILTER (WHERE n.kind = 'meeting'), count(*) FILTER (WHERE n.kind = 'letter_incoming'),
		count(*) FILTER (WHERE n.kind = 'letter_outgoing'), count(*) FILTER (WHERE n.kind = 'note')
	FROM inserted n, communication_volume_window_v2 w
	WHERE n.matter_id <> '' AND NOT n.deleted AND NOT n.erased AND n.occurred_at >= w.starts_at
	GROUP BY n.matter_id
	ON CONFLICT (matter_id) DO UPDATE SET total = v.total + EXCLUDED.total, email = v.email + EXCLUDED.email,
		phone_call = v.phone_call + EXCLUDED.phone_call, meeting = v.meeting + EXCLUDED.meeting,
		letter_incoming = v.letter_incoming + EXCLUDED.letter_incoming,
		letter_outgoing = v.letter_outgoing + EXCLUDED.letter_outgoing, note = v.note + EXCLUDED.note;
	RETURN NULL;
END $$;

CREATE TRIGGER communication_volume_v2_inserted AFTER INSERT ON communications_v2
	REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION communication_volume_v2_count_inserted();

CREATE TRIGGER communication_volume_v2 AFTER DELETE OR UPDATE OF matter_id, kind, occurred_at, deleted, erased
	ON communications_v2 FOR EACH ROW EXECUTE FUNCTION communication_volume_v2_count();

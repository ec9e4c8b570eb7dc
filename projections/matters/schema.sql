-- The matters read model, version 2 (still named matters_v1: see the
-- version constant). Created by Projector.Setup, dropped and rebuilt when
-- Projector.Version changes.
CREATE TABLE matters_v1 (
	id                       text        PRIMARY KEY,
	number                   text        NOT NULL, -- YYYY-NNNN
	title                    text        NOT NULL DEFAULT '',
	description              text        NOT NULL DEFAULT '',
	practice_area            text        NOT NULL,
	status                   text        NOT NULL CHECK (status IN ('intake', 'open', 'closed', 'archived')),
	opened_at                timestamptz NOT NULL, -- taken in (intake)
	activated_at             timestamptz,
	closed_at                timestamptz,          -- NULL again once reopened
	reopened_at              timestamptz,
	archived_at              timestamptz,
	responsible_lawyer       text        NOT NULL,
	team_members             text[]      NOT NULL DEFAULT '{}',
	teams                    text[]      NOT NULL DEFAULT '{}',
	grants                   text[]      NOT NULL DEFAULT '{}',
	client_ids               text[]      NOT NULL DEFAULT '{}', -- contacts in the role of client, sorted
	conflict_decision        text        NOT NULL DEFAULT '', -- of the last recorded check
	conflict_checked_version bigint      NOT NULL DEFAULT -1, -- stream version of that check
	parties_changed_version  bigint      NOT NULL DEFAULT 0,  -- stream version of the last party change
	erased                   boolean     NOT NULL DEFAULT false,
	version                  bigint      NOT NULL, -- stream version of the last event applied
	created_at               timestamptz NOT NULL,
	updated_at               timestamptz NOT NULL
);

CREATE UNIQUE INDEX matters_v1_number ON matters_v1 (number);
CREATE INDEX matters_v1_status ON matters_v1 (status, number);
CREATE INDEX matters_v1_responsible ON matters_v1 (responsible_lawyer);
CREATE INDEX matters_v1_team_members ON matters_v1 USING gin (team_members);
CREATE INDEX matters_v1_teams ON matters_v1 USING gin (teams);
CREATE INDEX matters_v1_grants ON matters_v1 USING gin (grants);

CREATE TABLE matters_v1_parties (
	matter_id  text        NOT NULL,
	party_id   text        NOT NULL,
	contact_id text        NOT NULL,
	role       text        NOT NULL,
	note       text        NOT NULL DEFAULT '', -- blank once the contact is erased
	added_at   timestamptz NOT NULL,
	PRIMARY KEY (matter_id, party_id)
);

CREATE INDEX matters_v1_parties_contact ON matters_v1_parties (contact_id);

CREATE TABLE matters_v1_notes (
	matter_id text        NOT NULL,
	note_id   text        NOT NULL,
	text      text        NOT NULL, -- blank once the matter is erased
	author    text        NOT NULL, -- staff ID
	added_at  timestamptz NOT NULL,
	PRIMARY KEY (matter_id, note_id)
);

-- Why the matter was reopened, one row per reopening that gave a reason
-- (a redaction of the details restates each in its place).
CREATE TABLE matters_v1_reasons (
	matter_id text   NOT NULL,
	version   bigint NOT NULL, -- the matter's stream version of the reopening
	reason    text   NOT NULL,
	PRIMARY KEY (matter_id, version)
);

-- Every recorded conflict check: what the firm knew and what it decided.
CREATE TABLE matters_v1_checks (
	matter_id  text        NOT NULL,
	check_id   text        NOT NULL,
	version    bigint      NOT NULL,
	ran_at     timestamptz NOT NULL,
	commit     bigint      NOT NULL, -- the index's position in the log
	prepare    bigint      NOT NULL,
	inputs     jsonb       NOT NULL, -- blank ('[]') once the matter is erased
	hits       jsonb       NOT NULL,
	decision   text        NOT NULL,
	reason     text        NOT NULL DEFAULT '',
	decided_by text        NOT NULL,
	PRIMARY KEY (matter_id, check_id)
);

-- Every event of every matter, in stream order.
CREATE TABLE matters_v1_history (
	matter_id   text        NOT NULL,
	version     bigint      NOT NULL,
	commit      bigint      NOT NULL,
	prepare     bigint      NOT NULL,
	type        text        NOT NULL,
	actor       text        NOT NULL,
	occurred_at timestamptz NOT NULL,
	summary     jsonb       NOT NULL,
	PRIMARY KEY (matter_id, version)
);
-- The matters a contact was ever a party to, removed ones included
-- (gdpr_facts.go): retention asks it for every contact, and a scan of the
-- history took 60-100 ms at a million events.
CREATE INDEX matters_v1_history_party ON matters_v1_history ((summary->>'contact_id'))
	WHERE type IN ('matter.PartyAdded', 'matter.PartyRoleChanged');

-- Contacts whose key is gone (gdpr_erasure.go): a conflict check's inputs
-- are sealed with the matter's key, so a replay opens what they say of an
-- erased contact again, and this list blanks it.
CREATE TABLE matters_v1_erased_contacts (
	contact_id text PRIMARY KEY
);

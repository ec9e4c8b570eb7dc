-- The contacts read model, version 1. Created by Projector.Setup, dropped
-- and rebuilt when Projector.Version changes (rename the tables with it).
CREATE TABLE contacts_v1 (
	id                  text        PRIMARY KEY,
	kind                text        NOT NULL CHECK (kind IN ('person', 'organisation')),
	display_name        text        NOT NULL DEFAULT '',
	sort_name           text        COLLATE "sv-x-icu" NOT NULL DEFAULT '', -- Swedish order: Å, Ä, Ö after Z
	search_name         text        NOT NULL DEFAULT '', -- lower-case, å ä ö folded to a a o (fold.go)
	given_name          text        NOT NULL DEFAULT '',
	family_name         text        NOT NULL DEFAULT '',
	organisation_name   text        NOT NULL DEFAULT '',
	personnummer        text        NOT NULL DEFAULT '', -- YYYYMMDD-NNNN
	organisationsnummer text        NOT NULL DEFAULT '', -- NNNNNN-NNNN (a sole trader's: a personnummer)
	number_keys         text[]      NOT NULL DEFAULT '{}', -- digit forms a lookup may be typed in
	emails              jsonb       NOT NULL DEFAULT '[]',
	email_keys          text[]      NOT NULL DEFAULT '{}', -- lower-case addresses
	phones              jsonb       NOT NULL DEFAULT '[]',
	phone_keys          text[]      NOT NULL DEFAULT '{}', -- digits, international and Swedish national
	addresses           jsonb       NOT NULL DEFAULT '[]',
	protected_identity  boolean     NOT NULL DEFAULT false,
	archived            boolean     NOT NULL DEFAULT false,
	erased              boolean     NOT NULL DEFAULT false,
	version             bigint      NOT NULL, -- stream version of the last event applied
	created_at          timestamptz NOT NULL,
	updated_at          timestamptz NOT NULL
);

CREATE INDEX contacts_v1_search_name ON contacts_v1 USING gin (search_name gin_trgm_ops);
CREATE INDEX contacts_v1_sort ON contacts_v1 (sort_name, id);
CREATE INDEX contacts_v1_number_keys ON contacts_v1 USING gin (number_keys);
CREATE INDEX contacts_v1_email_keys ON contacts_v1 USING gin (email_keys);
CREATE INDEX contacts_v1_phone_keys ON contacts_v1 USING gin (phone_keys);

-- A person's current roles at organisations (events of the person's stream).
CREATE TABLE contacts_v1_affiliations (
	person_id       text        NOT NULL,
	organisation_id text        NOT NULL,
	role            text        NOT NULL DEFAULT '',
	since           timestamptz NOT NULL,
	PRIMARY KEY (person_id, organisation_id)
);

CREATE INDEX contacts_v1_affiliations_organisation ON contacts_v1_affiliations (organisation_id);

-- The contacts read model, version 2 (still named contacts_v1: see the
-- version constant). Created by Projector.Setup, dropped and rebuilt when
-- Projector.Version changes.
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
	emails              jsonb       NOT NULL DEFAULT '[]',
	phones              jsonb       NOT NULL DEFAULT '[]',
	-- Exact lookups in one GIN index (one index costs a third of three on
	-- every write): n:<digits> identity numbers, p:<digits> phone numbers
	-- (international and Swedish national form), e:<address> in lower case.
	lookup_keys         text[]      NOT NULL DEFAULT '{}',
	addresses           jsonb       NOT NULL DEFAULT '[]',
	protected_identity  boolean     NOT NULL DEFAULT false,
	archived            boolean     NOT NULL DEFAULT false,
	erased              boolean     NOT NULL DEFAULT false,
	restricted          boolean     NOT NULL DEFAULT false, -- art. 18: hidden but from the DPO (gdpr_restriction.go)
	version             bigint      NOT NULL, -- stream version of the last event applied
	created_at          timestamptz NOT NULL,
	updated_at          timestamptz NOT NULL
);

CREATE INDEX contacts_v1_search_name ON contacts_v1 USING gin (search_name gin_trgm_ops);
CREATE INDEX contacts_v1_sort ON contacts_v1 (sort_name, id);
CREATE INDEX contacts_v1_lookup_keys ON contacts_v1 USING gin (lookup_keys);

-- A person's current roles at organisations (events of the person's stream).
CREATE TABLE contacts_v1_affiliations (
	person_id       text        NOT NULL,
	organisation_id text        NOT NULL,
	role            text        NOT NULL DEFAULT '',
	since           timestamptz NOT NULL,
	PRIMARY KEY (person_id, organisation_id)
);

CREATE INDEX contacts_v1_affiliations_organisation ON contacts_v1_affiliations (organisation_id);

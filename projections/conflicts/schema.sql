-- The conflict-check index, version 2 (the tables keep their v1 names:
-- the suffix names the layout, and the links are a table more). Created by Projector.Setup, dropped
-- and rebuilt when Projector.Version changes (rename everything with it).

-- Folding is unaccent's (å ä → a, ö → o, é → e, æ → ae, …) in lower case.
-- The extension comes from the projections runtime's migrations.

-- One function folds both the index and the probes, so they always agree.
-- unaccent(regdictionary, text) is only STABLE because a dictionary could
-- be changed; naming the dictionary makes this wrapper safe to index.
CREATE FUNCTION conflict_index_v1_fold(text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

-- Every contact the index has seen: the stream version of the last details
-- event applied (the idempotence guard), and whether it was erased.
CREATE TABLE conflict_index_v1_contacts (
	contact_id text    PRIMARY KEY,
	version    bigint  NOT NULL,
	erased     boolean NOT NULL DEFAULT false
);

-- Every name, identity number and e-mail address a contact has had.
CREATE TABLE conflict_index_v1 (
	contact_id text    NOT NULL,
	kind       text    NOT NULL CHECK (kind IN ('name', 'number', 'email')),
	term       text    NOT NULL, -- folded name, last ten digits, lower-case address
	written    text    NOT NULL, -- as the contact's details wrote it
	current    boolean NOT NULL, -- false: a former name, number or address
	PRIMARY KEY (contact_id, kind, term)
);

CREATE INDEX conflict_index_v1_exact ON conflict_index_v1 (kind, term);

-- Every folded name once, for the trigram search: common names repeat, and
-- searching each once (then finding its holders by the b-tree above) keeps
-- the candidates a search must check few and the rows it reads narrow. A
-- name leaves when the last contact holding it is erased.
CREATE TABLE conflict_index_v1_names (
	term text PRIMARY KEY
);

CREATE INDEX conflict_index_v1_names_trgm ON conflict_index_v1_names USING gin (term gin_trgm_ops);

-- Matters by number, with the stream version of the last event applied.
CREATE TABLE conflict_index_v1_matters (
	matter_id text   PRIMARY KEY,
	number    text   NOT NULL,
	version   bigint NOT NULL
);

-- Every current party of every matter, open, closed or archived.
CREATE TABLE conflict_index_v1_parties (
	matter_id     text NOT NULL,
	party_id      text NOT NULL,
	contact_id    text NOT NULL,
	role          text NOT NULL,
	matter_number text NOT NULL,
	PRIMARY KEY (matter_id, party_id)
);

CREATE INDEX conflict_index_v1_parties_contact ON conflict_index_v1_parties (contact_id);

-- The links between contacts the check follows: a person's role at an
-- organisation ('affiliation', person → organisation) and the relations
-- contacts record to others of their kind ('parent', 'group', 'spouse',
-- 'guardian', 'legal_representative', 'deputy', from → to). A hit on a
-- contact that is a party nowhere still leads, through these, to the
-- matters its company, parent or spouse is a party to (issue 14).
CREATE TABLE conflict_index_v1_links (
	a_id     text NOT NULL,
	b_id     text NOT NULL,
	relation text NOT NULL,
	PRIMARY KEY (a_id, b_id, relation)
);

CREATE INDEX conflict_index_v1_links_b ON conflict_index_v1_links (b_id);

-- The contacts read model, version 4 (still named contacts_v1: see the
-- version constant). Created by Projector.Setup, dropped and rebuilt when
-- Projector.Version changes.
CREATE TABLE contacts_v1 (
	id                  text        PRIMARY KEY,
	kind                text        NOT NULL CHECK (kind IN ('person', 'organisation')),
	display_name        text        NOT NULL DEFAULT '',
	sort_name           text        COLLATE "sv-x-icu" NOT NULL DEFAULT '', -- Swedish order: Å, Ä, Ö after Z
	sort_key            text        COLLATE "C" NOT NULL DEFAULT '', -- the same order in bytes (projector.go's sortKey)
	search_name         text        NOT NULL DEFAULT '', -- lower-case, å ä ö folded to a a o (projector.go's fold)
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
	restricted          boolean     NOT NULL DEFAULT false, -- art. 18: hidden but from the DPO (projector.go's queueGDPR, get.go)
	merged_into         text        NOT NULL DEFAULT '', -- the survivor it was merged into: out of every list
	version             bigint      NOT NULL, -- stream version of the last event applied
	created_at          timestamptz NOT NULL,
	updated_at          timestamptz NOT NULL
);

CREATE INDEX contacts_v1_search_name ON contacts_v1 USING gin (search_name gin_trgm_ops);
CREATE INDEX contacts_v1_sort ON contacts_v1 (sort_name, id);
CREATE INDEX contacts_v1_lookup_keys ON contacts_v1 USING gin (lookup_keys);
-- The contacts merged into one (Absorbed): its access package and its
-- erasure reach them too.
CREATE INDEX contacts_v1_merged_into ON contacts_v1 (merged_into) WHERE merged_into <> '';

-- Each word of a contact's folded name, for the search box: what people
-- type is the beginning of a name or of one of its words, and a B-tree
-- over words in byte order answers "word LIKE 'ande%'" from the index
-- alone, carrying what the ranking needs (first word, Swedish sort name),
-- so a common name's thousands of matches are ranked without reading the
-- wide contact rows (issue 19: the trigram query read and scored every
-- match, 0.2–1.2 s at 150,000 contacts). Kept by the trigger below on
-- every write of a name, the erasure's blanking included.
CREATE TABLE contacts_v1_words (
	word       text    COLLATE "C" NOT NULL,
	contact_id text    NOT NULL,
	first      boolean NOT NULL, -- the name's first word
	sort_key   text    COLLATE "C" NOT NULL,
	PRIMARY KEY (contact_id, word)
);

CREATE INDEX contacts_v1_words_prefix ON contacts_v1_words (word) INCLUDE (contact_id, first, sort_key);

CREATE OR REPLACE FUNCTION contacts_v1_words_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND NEW.search_name = OLD.search_name AND NEW.sort_key = OLD.sort_key THEN
		RETURN NULL;
	END IF;
	DELETE FROM contacts_v1_words WHERE contact_id = NEW.id;
	INSERT INTO contacts_v1_words (word, contact_id, first, sort_key)
	SELECT w, NEW.id, min(i) = 1, NEW.sort_key
	FROM unnest(string_to_array(NEW.search_name, ' ')) WITH ORDINALITY AS t(w, i)
	WHERE w <> ''
	GROUP BY w;
	RETURN NULL;
END
$$;

CREATE TRIGGER contacts_v1_words_sync AFTER INSERT OR UPDATE OF search_name, sort_key ON contacts_v1
	FOR EACH ROW EXECUTE FUNCTION contacts_v1_words_sync();

-- A person's current roles at organisations (events of the person's stream).
CREATE TABLE contacts_v1_affiliations (
	person_id       text        NOT NULL,
	organisation_id text        NOT NULL,
	role            text        NOT NULL DEFAULT '',
	since           timestamptz NOT NULL,
	PRIMARY KEY (person_id, organisation_id)
);

CREATE INDEX contacts_v1_affiliations_organisation ON contacts_v1_affiliations (organisation_id);

-- The relations a contact records to another of its kind (events of the
-- "from" contact's stream): organisations' parent companies and groups,
-- persons' spouses, guardians, legal representatives and deputies. Shown
-- on both contacts; the kind is sealed in the log, so an erased
-- contact's relations are deleted with it.
CREATE TABLE contacts_v1_relationships (
	from_id text        NOT NULL,
	to_id   text        NOT NULL,
	kind    text        NOT NULL,
	since   timestamptz NOT NULL,
	PRIMARY KEY (from_id, to_id, kind)
);

CREATE INDEX contacts_v1_relationships_to ON contacts_v1_relationships (to_id);

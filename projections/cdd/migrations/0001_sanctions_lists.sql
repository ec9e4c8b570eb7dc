-- The sanctions lists a firm imported (projections/cdd): each list whole,
-- its names folded as the conflict check folds them. Written by the
-- import in one transaction, never by a projector, so no rebuild empties
-- them; the latest list (by import time) is the one screened against.
CREATE TABLE cdd_sanctions_lists (
	list_id      text        PRIMARY KEY,
	version      text        NOT NULL,   -- the file's globalFileId
	generated_at timestamptz NOT NULL,   -- the file's generationDate
	imported_at  timestamptz NOT NULL,
	imported_by  text        NOT NULL,   -- staff ID
	entries      integer     NOT NULL
);

CREATE TABLE cdd_sanctions_names (
	list_id     text    NOT NULL REFERENCES cdd_sanctions_lists ON DELETE CASCADE,
	entry_id    text    NOT NULL,        -- the list's logicalId
	person      boolean NOT NULL,
	name        text    NOT NULL,        -- as listed
	folded      text    NOT NULL,        -- lower(unaccent(name))
	birth_dates text[]  NOT NULL DEFAULT '{}'
);
CREATE INDEX cdd_sanctions_names_list ON cdd_sanctions_names (list_id);

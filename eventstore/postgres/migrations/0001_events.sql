-- The event log. See doc.go for why events are ordered by (xid, seq) and not
-- by seq alone.

CREATE TABLE streams (
	stream       text   PRIMARY KEY,
	last_version bigint NOT NULL CHECK (last_version >= 0)
);

CREATE TABLE events (
	-- Writer's transaction ID (xid8 as bigint): the major part of Position.
	xid            bigint      NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
	-- Order inside one transaction: the minor part of Position.
	seq            bigserial   NOT NULL,
	event_id       uuid        NOT NULL,
	stream         text        NOT NULL,
	version        bigint      NOT NULL CHECK (version >= 0),
	type           text        NOT NULL CHECK (type <> ''),
	schema_version integer     NOT NULL,
	-- The exact bytes the writer sent: a hash chain is computed over them,
	-- and jsonb would reorder keys.
	data           bytea       NOT NULL,
	metadata       jsonb       NOT NULL,
	recorded_at    timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (xid, seq),
	UNIQUE (event_id),
	UNIQUE (stream, version)
);

-- Trigram matching serves the read models' name search. An extension is not
-- owned by any single read model, so the runtime's migrations create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row per projector: where it is in the log, which read-model version its
-- tables hold, and how it is doing. Advanced in the same transaction as the
-- read model's rows.
CREATE TABLE projector_checkpoints (
	name           text        PRIMARY KEY,
	version        integer     NOT NULL,
	commit         bigint      NOT NULL DEFAULT 0,
	prepare        bigint      NOT NULL DEFAULT 0,
	updated_at     timestamptz NOT NULL DEFAULT now(),
	status         text        NOT NULL DEFAULT 'new'
		CHECK (status IN ('new', 'running', 'stopped', 'failed', 'rebuilding')),
	last_error     text        NOT NULL DEFAULT '',
	events_applied bigint      NOT NULL DEFAULT 0
);

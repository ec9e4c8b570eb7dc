-- The audit trail, version 1: one row per event of the log, identifiers
-- only. Created by Projector.Setup, dropped and rebuilt when
-- Projector.Version changes (rename the table with it).
CREATE TABLE audit_trail_v1 (
	commit         bigint      NOT NULL, -- the event's position
	prepare        bigint      NOT NULL,
	event_id       uuid        NOT NULL,
	stream         text        NOT NULL,
	version        bigint      NOT NULL,
	type           text        NOT NULL,
	actor          text        NOT NULL DEFAULT '', -- staff or system ID
	occurred_at    timestamptz NOT NULL,
	recorded_at    timestamptz NOT NULL,
	subjects       text[]      NOT NULL DEFAULT '{}', -- data-subject IDs
	matter_id      text        NOT NULL DEFAULT '', -- '' when the event concerns no matter
	correlation_id text        NOT NULL DEFAULT '',
	PRIMARY KEY (commit, prepare)
);

-- Pages run newest first by (occurred_at, commit, prepare); each filter
-- has an index that yields that order.
CREATE INDEX audit_trail_v1_time ON audit_trail_v1 (occurred_at, commit, prepare);
CREATE INDEX audit_trail_v1_actor ON audit_trail_v1 (actor, occurred_at);
CREATE INDEX audit_trail_v1_type ON audit_trail_v1 (type, occurred_at);
CREATE INDEX audit_trail_v1_matter ON audit_trail_v1 (matter_id, occurred_at) WHERE matter_id <> '';
CREATE INDEX audit_trail_v1_subjects ON audit_trail_v1 USING gin (subjects);
-- A stream filed under a matter (a task's, a deadline's, a log entry's, a
-- document's) names it in its first event only; later events inherit it
-- from here, so a wall on the matter keeps all of them out of sight.
CREATE INDEX audit_trail_v1_filed ON audit_trail_v1 (stream) WHERE matter_id <> '';

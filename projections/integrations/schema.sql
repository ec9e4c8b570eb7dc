-- The integration feed (projections/integrations): one row per event an
-- integration is told of, in log order. IDs, kinds, times and
-- non-personal fields only: no name, no number, no free text.
CREATE TABLE integration_feed_v1 (
	commit      bigint      NOT NULL,  -- the event's place in the log: the cursor
	prepare     bigint      NOT NULL,
	event_id    uuid        NOT NULL UNIQUE, -- the webhook's message ID
	stream      text        NOT NULL,
	kind        text        NOT NULL,  -- matter.opened, contact.erased, …
	matter_id   text        NOT NULL DEFAULT '',   -- the matter it is filed under, '' for none
	contact_ids text[]      NOT NULL DEFAULT '{}', -- the contacts it names: walls, restriction, erasure
	occurred_at timestamptz NOT NULL,
	data        jsonb       NOT NULL DEFAULT '{}',
	PRIMARY KEY (commit, prepare)
);
CREATE INDEX integration_feed_v1_contacts ON integration_feed_v1 USING gin (contact_ids);

-- What a filed stream is filed under, from its first event: a task's or a
-- deadline's later events (completed, moved) do not name their matter.
CREATE TABLE integration_feed_v1_streams (
	stream      text   PRIMARY KEY,
	matter_id   text   NOT NULL DEFAULT '',
	contact_ids text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX integration_feed_v1_streams_contacts ON integration_feed_v1_streams USING gin (contact_ids);

-- The communication log read model, version 1. Created by Projector.Setup,
-- dropped and rebuilt when Projector.Version changes.
CREATE TABLE communications_v1 (
	id              text        PRIMARY KEY,
	kind            text        NOT NULL,
	occurred_at     timestamptz NOT NULL,
	participants    jsonb       NOT NULL DEFAULT '[]', -- [{"kind": "contact"|"staff", "id": …}]
	matter_id       text        NOT NULL DEFAULT '',
	contact_ids     text[]      NOT NULL DEFAULT '{}',
	data_subject    text        NOT NULL, -- whose key seals subject and body
	subject         text        NOT NULL DEFAULT '', -- blank once erased
	body            text        NOT NULL DEFAULT '', -- blank once erased
	follow_up_on    date,                            -- NULL: no open follow-up
	follow_up_staff text        NOT NULL DEFAULT '',
	corrected       boolean     NOT NULL DEFAULT false,
	deleted         boolean     NOT NULL DEFAULT false,
	erased          boolean     NOT NULL DEFAULT false,
	logged_by       text        NOT NULL,
	logged_at       timestamptz NOT NULL,
	updated_at      timestamptz NOT NULL,
	version         bigint      NOT NULL -- stream version of the last event applied
);

CREATE INDEX communications_v1_matter ON communications_v1 (matter_id, occurred_at DESC, id DESC) WHERE matter_id <> '';
CREATE INDEX communications_v1_contacts ON communications_v1 USING gin (contact_ids);
CREATE INDEX communications_v1_participants ON communications_v1 USING gin (participants jsonb_path_ops);
CREATE INDEX communications_v1_follow_ups ON communications_v1 (follow_up_staff, follow_up_on) WHERE follow_up_on IS NOT NULL;

-- The documents list, version 1. Created by Projector.Setup, dropped and
-- rebuilt when Projector.Version changes. The bytes are in document_blobs
-- (migrations/), which a rebuild never touches.
CREATE TABLE documents_v1 (
	id               text        PRIMARY KEY,
	matter_id        text        NOT NULL DEFAULT '',
	communication_id text        NOT NULL DEFAULT '',
	data_subject     text        NOT NULL, -- whose key seals name and bytes
	name             text        NOT NULL DEFAULT '', -- blank once erased
	sha256           bytea,                           -- NULL once erased
	size             bigint      NOT NULL,
	content_type     text        NOT NULL,
	uploaded_by      text        NOT NULL,
	uploaded_at      timestamptz NOT NULL,
	removed          boolean     NOT NULL DEFAULT false,
	erased           boolean     NOT NULL DEFAULT false,
	version          bigint      NOT NULL -- stream version of the last event applied
);

CREATE INDEX documents_v1_matter ON documents_v1 (matter_id, uploaded_at DESC) WHERE matter_id <> '';
CREATE INDEX documents_v1_communication ON documents_v1 (communication_id, uploaded_at DESC) WHERE communication_id <> '';

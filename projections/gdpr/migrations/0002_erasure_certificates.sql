-- Erasure certificates: the evidence that one erasure was carried out. The
-- executor writes what it counted and the key's destruction; the projector
-- adds SubjectErased's facts. They live beside the read model's tables: a
-- rebuild must never lose them, and the executor's counts are in no event.
-- No personal data: the subject appears only as a hash of their ID, and
-- stream names with their ID in it as "{subject}".
CREATE TABLE gdpr_erasure_certificates (
	erasure_id        text        PRIMARY KEY, -- the erasure request's ID
	subject_hash      text        NOT NULL,    -- SubjectHash(subject ID)
	executed_by       text        NOT NULL DEFAULT '', -- staff or system ID
	approved_by       text        NOT NULL DEFAULT '',
	started_at        timestamptz NOT NULL,
	events_unreadable jsonb       NOT NULL DEFAULT '{}', -- stream → events sealed with the subject's key
	rows_erased       jsonb       NOT NULL DEFAULT '{}', -- read model → rows that held their data
	documents_deleted bigint      NOT NULL DEFAULT 0,
	key_fingerprint   text        NOT NULL DEFAULT '', -- crypto's tombstone of the destroyed key
	key_id            bigint      NOT NULL DEFAULT 0,
	key_destroyed_at  timestamptz,
	erased_at         timestamptz, -- SubjectErased, as the projector applied it
	residual_rows     jsonb,       -- read model → rows still holding data once the projectors caught up
	verified_at       timestamptz
);

CREATE INDEX gdpr_erasure_certificates_subject ON gdpr_erasure_certificates (subject_hash);

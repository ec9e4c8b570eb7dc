-- Mentions of an erased person in the firm's other records: entries whose
-- free text named them (name, identity number, e-mail, phone) when the
-- erasure ran, found while their key still opened their details. Beside
-- the certificate for the same reason: no event holds the search's result.
-- No personal data: where (kind, entry, matter, offsets) and what kind of
-- mark, never the text; who redacted it and when.
CREATE TABLE gdpr_erasure_mentions (
	erasure_id  text        NOT NULL REFERENCES gdpr_erasure_certificates (erasure_id),
	kind        text        NOT NULL, -- communication | task
	entry_id    text        NOT NULL,
	matter_id   text        NOT NULL DEFAULT '',
	marks       text[]      NOT NULL DEFAULT '{}', -- name | number | email | phone
	-- Where in the entry's text, as it was at entry_version: field, rune
	-- offsets and kind of mark, never the words; a redaction proposes the
	-- text with them replaced while the entry is still at that version.
	entry_version bigint    NOT NULL DEFAULT 0,
	spans       jsonb       NOT NULL DEFAULT '[]',
	redacted_at timestamptz,
	redacted_by text        NOT NULL DEFAULT '',
	PRIMARY KEY (erasure_id, entry_id)
);

CREATE INDEX gdpr_erasure_mentions_entry ON gdpr_erasure_mentions (entry_id);

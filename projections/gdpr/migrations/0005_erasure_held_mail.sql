-- How many messages held for review (incoming e-mail not yet filed) from
-- or to the erased person's addresses the erasure destroyed: each whole,
-- for everyone else it names too (docs/gdpr.md). Counted before they go;
-- a retry after they went counts none, so the first count stays.
ALTER TABLE gdpr_erasure_certificates ADD COLUMN held_mail_destroyed bigint NOT NULL DEFAULT 0;

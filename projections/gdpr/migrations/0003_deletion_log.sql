-- The deletion log: every deletion the retention runner (or a person
-- through it) carried out, as evidence of art. 5.1 e and 5.2. It lives
-- beside the read model's tables because a rebuild must never lose it.
-- No personal data: a record appears only as SubjectHash of its ID, and a
-- batch (access-log entries, sessions) as a count.
CREATE TABLE gdpr_deletion_log (
	id           bigserial   PRIMARY KEY,
	pseudonym    text        NOT NULL DEFAULT '', -- SubjectHash of the subject's or record's ID; '' for a batch
	category     text        NOT NULL,            -- a retention category, e.g. contact_without_basis
	rule_period  text        NOT NULL,            -- ISO 8601, e.g. P2Y
	rule_trigger text        NOT NULL,            -- the fact the period runs from, e.g. last_activity
	ground       text        NOT NULL,            -- the rule's legal ground, in the firm's words
	due_on       date,                            -- the first day the record could go
	records      bigint      NOT NULL DEFAULT 1 CHECK (records >= 0),
	triggered_by text        NOT NULL,            -- "retention", or the staff ID that ran it
	erasure_id   text        NOT NULL DEFAULT '', -- the erasure request, whose certificate says more
	deleted_at   timestamptz NOT NULL
);

CREATE INDEX gdpr_deletion_log_at ON gdpr_deletion_log (deleted_at DESC, id DESC);
-- A subject or record goes once per category: a retried run logs nothing twice.
CREATE UNIQUE INDEX gdpr_deletion_log_once ON gdpr_deletion_log (pseudonym, category) WHERE pseudonym <> '';

-- Each retention run that deleted (dry runs are not recorded): the daily
-- job runs once a day across the fleet, and an auditor sees that it ran.
CREATE TABLE gdpr_retention_runs (
	id          bigserial   PRIMARY KEY,
	started_at  timestamptz NOT NULL,
	finished_at timestamptz NOT NULL,
	run_by      text        NOT NULL, -- "retention", or a staff ID
	deleted     bigint      NOT NULL DEFAULT 0, -- records deleted, every category
	failed      bigint      NOT NULL DEFAULT 0  -- items that could not be deleted (the log says why)
);

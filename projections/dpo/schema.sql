-- The DPO's registers, version 3. Created by Projector.Setup, dropped and
-- rebuilt when Projector.Version changes (rename the tables with it).
CREATE TABLE dpo_breaches_v3 (
	id                  text        PRIMARY KEY,
	reference           text        NOT NULL,
	discovered_at       timestamptz NOT NULL,
	deadline            timestamptz NOT NULL, -- discovered_at + 72 hours (art. 33.1)
	summary             text        NOT NULL DEFAULT '',
	recorded_by         text        NOT NULL, -- staff ID
	-- The latest assessment (IMY's form); assessments counts them all.
	assessments         int         NOT NULL DEFAULT 0,
	started_at          timestamptz,
	ended_at            timestamptz,
	nature              text[]      NOT NULL DEFAULT '{}',
	subject_categories  text        NOT NULL DEFAULT '',
	subjects_approx     int         NOT NULL DEFAULT 0,
	data_categories     text        NOT NULL DEFAULT '',
	records_approx      int         NOT NULL DEFAULT 0,
	consequences        text        NOT NULL DEFAULT '',
	severity            text        NOT NULL DEFAULT '',
	measures_taken      text        NOT NULL DEFAULT '',
	measures_planned    text        NOT NULL DEFAULT '',
	assessed_by         text        NOT NULL DEFAULT '',
	assessed_at         timestamptz,
	-- The notification to IMY, or the decision not to make one.
	reported_at         timestamptz,
	imy_reference       text        NOT NULL DEFAULT '',
	delay_reason        text        NOT NULL DEFAULT '',
	not_reported_at     timestamptz,
	not_reported_reason text        NOT NULL DEFAULT '',
	-- The people: '' undecided, 'informed' or 'not_informed' (art. 34).
	subjects            text        NOT NULL DEFAULT '',
	subjects_at         timestamptz,
	subjects_note       text        NOT NULL DEFAULT '',
	version             bigint      NOT NULL, -- stream version of the last event applied
	updated_at          timestamptz NOT NULL
);

-- The start page asks for the breaches whose clock runs, soonest first.
CREATE INDEX dpo_breaches_v3_running ON dpo_breaches_v3 (deadline) WHERE reported_at IS NULL AND not_reported_at IS NULL;
CREATE INDEX dpo_breaches_v3_discovered ON dpo_breaches_v3 (discovered_at DESC, id);

CREATE TABLE dpo_breach_supplements_v3 (
	breach_id       text        NOT NULL,
	version         bigint      NOT NULL, -- the event's stream version: a replay inserts nothing twice
	supplemented_at timestamptz NOT NULL,
	text            text        NOT NULL DEFAULT '',
	by_staff        text        NOT NULL,
	PRIMARY KEY (breach_id, version)
);

-- The record of processing activities (art. 30): one row, the latest
-- version; the contacts (sealed in the log with the record's key) apart.
CREATE TABLE dpo_record_v3 (
	id             text        PRIMARY KEY,
	record         jsonb       NOT NULL, -- dpo.ProcessingRecord without the contacts
	representative text        NOT NULL DEFAULT '',
	dpo_contact    text        NOT NULL DEFAULT '',
	edited_by      text        NOT NULL,
	version        bigint      NOT NULL,
	updated_at     timestamptz NOT NULL
);

-- Processors and their transfers (art. 28, 44–46): the latest version of
-- each; the start page asks for the reviews due.
CREATE TABLE dpo_processors_v3 (
	id                text        PRIMARY KEY,
	name              text        NOT NULL,
	service           text        NOT NULL,
	data_categories   text        NOT NULL,
	sub_processors    text        NOT NULL DEFAULT '',
	countries         text[]      NOT NULL,
	third_countries   text[]      NOT NULL,
	mechanism         text        NOT NULL,
	transfer_assessed timestamptz,
	agreement_signed  timestamptz,
	review_by         timestamptz NOT NULL,
	recorded_by       text        NOT NULL,
	version           bigint      NOT NULL,
	updated_at        timestamptz NOT NULL
);
CREATE INDEX dpo_processors_v3_review ON dpo_processors_v3 (review_by, id);

-- A processor's history: every save of its details and every signed
-- agreement uploaded (its bytes in document_blobs under document_id,
-- sealed with the processor's key; the file's name sealed in the log).
CREATE TABLE dpo_processor_history_v3 (
	processor_id text        NOT NULL,
	version      bigint      NOT NULL, -- the event's stream version: a replay inserts nothing twice
	kind         text        NOT NULL CHECK (kind IN ('recorded', 'agreement')),
	at           timestamptz NOT NULL,
	by_staff     text        NOT NULL,
	document_id  text        NOT NULL DEFAULT '', -- agreements only
	name         text        NOT NULL DEFAULT '',
	size         bigint      NOT NULL DEFAULT 0,
	PRIMARY KEY (processor_id, version)
);
-- Documents marked as holding special categories (art. 9) or data on
-- offences (art. 10): the categories are sealed in the log with the
-- document's key and blanked here when that person is erased; a lifted
-- marking deletes its row.
CREATE TABLE dpo_special_v3 (
	document_id  text        PRIMARY KEY,
	matter_id    text        NOT NULL DEFAULT '',
	data_subject text        NOT NULL,
	categories   text[]      NOT NULL,
	grounds      text[]      NOT NULL,
	marked_by    text        NOT NULL,
	marked_at    timestamptz NOT NULL,
	version      bigint      NOT NULL
);
CREATE INDEX dpo_special_v3_subject ON dpo_special_v3 (data_subject);

CREATE UNIQUE INDEX dpo_processor_history_v3_document ON dpo_processor_history_v3 (document_id) WHERE kind = 'agreement';

-- Impact assessments (art. 35): every saved version, so the register
-- reads the latest of each and the history reads them all. The action
-- plan names its owners (sealed in the log with the assessment's key).
CREATE TABLE dpo_dpias_v3 (
	id          text        NOT NULL,
	version     bigint      NOT NULL, -- the event's stream version: a replay inserts nothing twice
	title       text        NOT NULL,
	content     jsonb       NOT NULL, -- dpo.ImpactAssessmentRecorded without the action plan
	action_plan text        NOT NULL DEFAULT '',
	decision    text        NOT NULL DEFAULT '',
	review_by   timestamptz NOT NULL,
	recorded_by text        NOT NULL,
	recorded_at timestamptz NOT NULL,
	PRIMARY KEY (id, version)
);

-- Access reviews: one row a review, one a member as the review found
-- them with the decision on them. The reason of a decision may speak of
-- the person (sealed in the log with the review's key).
CREATE TABLE dpo_access_reviews_v3 (
	id           text        PRIMARY KEY,
	started_at   timestamptz NOT NULL,
	started_by   text        NOT NULL,
	completed_at timestamptz,
	completed_by text        NOT NULL DEFAULT '',
	next_by      timestamptz,
	version      bigint      NOT NULL
);
CREATE INDEX dpo_access_reviews_v3_started ON dpo_access_reviews_v3 (started_at DESC, id);

CREATE TABLE dpo_access_review_members_v3 (
	review_id  text        NOT NULL,
	staff_id   text        NOT NULL,
	position   int         NOT NULL, -- the order the review found them in
	roles      text[]      NOT NULL,
	teams      text[]      NOT NULL,
	walls      text[]      NOT NULL,
	grants     text[]      NOT NULL DEFAULT '{}', -- matters granted directly (IDs)
	decision   text        NOT NULL DEFAULT '', -- '', keep or remove
	reason     text        NOT NULL DEFAULT '',
	decided_by text        NOT NULL DEFAULT '',
	decided_at timestamptz,
	PRIMARY KEY (review_id, staff_id)
);

-- Every saved version of the record of processing, for its history page.
CREATE TABLE dpo_record_versions_v3 (
	id             text        NOT NULL,
	version        bigint      NOT NULL,
	record         jsonb       NOT NULL, -- dpo.ProcessingRecord without the contacts
	representative text        NOT NULL DEFAULT '',
	dpo_contact    text        NOT NULL DEFAULT '',
	edited_by      text        NOT NULL,
	updated_at     timestamptz NOT NULL,
	PRIMARY KEY (id, version)
);

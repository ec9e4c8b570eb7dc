-- The GDPR register read model, version 1. Created by Projector.Setup,
-- dropped and rebuilt when Projector.Version changes (rename the tables
-- with it). Sealed fields (notes, reasons, evidence, outcomes) are blank
-- once the subject is erased.

-- One row per data subject with anything recorded: restriction,
-- objections, and whether campaigns may reach them.
CREATE TABLE gdpr_subjects_v1 (
	subject_id          text        PRIMARY KEY,
	version             bigint      NOT NULL DEFAULT -1, -- subject-stream version of the last event applied
	restricted          boolean     NOT NULL DEFAULT false,
	restriction_request text        NOT NULL DEFAULT '',
	restriction_reason  text        NOT NULL DEFAULT '',
	restricted_until    date,
	restricted_at       timestamptz,
	lifted_by           text        NOT NULL DEFAULT '', -- who lifted the last restriction
	lifted_at           timestamptz,
	objected_marketing  boolean     NOT NULL DEFAULT false, -- final (art. 21.3)
	objected_processing boolean     NOT NULL DEFAULT false,
	may_market          boolean     NOT NULL DEFAULT false, -- gdpr.MayMarket, kept by Apply
	erased              boolean     NOT NULL DEFAULT false,
	erased_at           timestamptz,
	updated_at          timestamptz NOT NULL
);

CREATE INDEX gdpr_subjects_v1_restricted ON gdpr_subjects_v1 (subject_id) WHERE restricted;
CREATE INDEX gdpr_subjects_v1_may_market ON gdpr_subjects_v1 (subject_id) WHERE may_market;

CREATE TABLE gdpr_bases_v1 (
	subject_id  text        NOT NULL,
	basis_id    text        NOT NULL,
	seq         bigint      NOT NULL, -- stream version of the recording: the order shown
	basis       text        NOT NULL,
	purpose     text        NOT NULL,
	note        text        NOT NULL DEFAULT '',
	recorded_by text        NOT NULL,
	recorded_at timestamptz NOT NULL,
	ended_at    timestamptz,
	end_reason  text        NOT NULL DEFAULT '',
	PRIMARY KEY (subject_id, basis_id)
);

-- Every consent ever given, withdrawn ones too: the proof of art. 7.1.
CREATE TABLE gdpr_consents_v1 (
	subject_id    text        NOT NULL,
	consent_id    text        NOT NULL,
	seq           bigint      NOT NULL,
	purpose       text        NOT NULL,
	scope         text        NOT NULL,
	given_at      timestamptz NOT NULL,
	how           text        NOT NULL,
	where_given   text        NOT NULL,
	evidence      text        NOT NULL DEFAULT '',
	recorded_by   text        NOT NULL,
	recorded_at   timestamptz NOT NULL,
	withdrawn_at  timestamptz,
	withdrawn_via text        NOT NULL DEFAULT '',
	PRIMARY KEY (subject_id, consent_id)
);

CREATE INDEX gdpr_consents_v1_active ON gdpr_consents_v1 (purpose, subject_id) WHERE withdrawn_at IS NULL;

CREATE TABLE gdpr_objections_v1 (
	subject_id  text        NOT NULL,
	seq         bigint      NOT NULL,
	objected_to text        NOT NULL,
	reason      text        NOT NULL DEFAULT '',
	at          timestamptz NOT NULL,
	PRIMARY KEY (subject_id, seq)
);

-- The register of data-subject requests; "overdue" is computed in the
-- query (open and past its deadline).
CREATE TABLE gdpr_requests_v1 (
	request_id       text        PRIMARY KEY,
	subject_id       text        NOT NULL,
	kind             text        NOT NULL,
	channel          text        NOT NULL,
	status           text        NOT NULL CHECK (status IN ('open', 'completed', 'refused')),
	received_at      timestamptz NOT NULL,
	deadline         date        NOT NULL, -- last day to answer, Stockholm
	extended         boolean     NOT NULL DEFAULT false,
	extension_reason text        NOT NULL DEFAULT '',
	requester_note   text        NOT NULL DEFAULT '',
	verified_at      timestamptz,
	verified_by      text        NOT NULL DEFAULT '',
	verified_how     text        NOT NULL DEFAULT '',
	handler          text        NOT NULL DEFAULT '',
	completed_at     timestamptz,
	outcome          text        NOT NULL DEFAULT '',
	refused_at       timestamptz,
	refusal_ground   text        NOT NULL DEFAULT '',
	version          bigint      NOT NULL, -- request-stream version of the last event applied
	updated_at       timestamptz NOT NULL
);

CREATE INDEX gdpr_requests_v1_open ON gdpr_requests_v1 (deadline, request_id) WHERE status = 'open';
CREATE INDEX gdpr_requests_v1_subject ON gdpr_requests_v1 (subject_id);

-- Erasures asked for: requested, scheduled (held until erase_at),
-- approved (for the executor) or erased.
CREATE TABLE gdpr_erasure_schedule_v1 (
	subject_id   text        NOT NULL,
	request_id   text        NOT NULL,
	status       text        NOT NULL CHECK (status IN ('requested', 'scheduled', 'approved', 'erased')),
	erase_at     date, -- the day it falls due
	grounds      text[]      NOT NULL DEFAULT '{}',
	requested_by text        NOT NULL DEFAULT '',
	requested_at timestamptz,
	approved_by  text        NOT NULL DEFAULT '',
	approved_at  timestamptz,
	erased_at    timestamptz,
	PRIMARY KEY (subject_id, request_id)
);

CREATE INDEX gdpr_erasure_schedule_v1_due ON gdpr_erasure_schedule_v1 (erase_at) WHERE status IN ('scheduled', 'approved');

-- The due-diligence records' status, version 1. Created by
-- Projector.Setup, dropped and rebuilt when Projector.Version changes
-- (rename the table with it). Only what the gate, the AML officer's queue
-- and the review periods read: IDs, the risk level, the decision's kind,
-- the screening's list and counts. The record's sealed parts are read
-- from its stream by its page (commands/cdd.Records.Load), never kept here.
CREATE TABLE cdd_records_v1 (
	matter_id     text        PRIMARY KEY,
	client_id     text        NOT NULL,
	organisation  boolean     NOT NULL,
	started_at    timestamptz NOT NULL,
	updated_at    timestamptz NOT NULL,
	risk          text        NOT NULL DEFAULT '',
	identity      boolean     NOT NULL DEFAULT false,
	owners        boolean     NOT NULL DEFAULT false,
	pep           boolean     NOT NULL DEFAULT false, -- answered (the answer is sealed)
	list_id       text        NOT NULL DEFAULT '',
	list_version  text        NOT NULL DEFAULT '',
	list_date     timestamptz,
	screened_at   timestamptz,
	hits          integer     NOT NULL DEFAULT 0,
	reviewed      text[]      NOT NULL DEFAULT '{}', -- the latest screening's hits reviewed (list entry IDs)
	decision      text        NOT NULL DEFAULT '',   -- '' while undecided or changed since
	by_officer    boolean     NOT NULL DEFAULT false,
	decided_at    timestamptz,
	erased        boolean     NOT NULL DEFAULT false,
	version       bigint      NOT NULL
);
CREATE INDEX cdd_records_v1_decision ON cdd_records_v1 (decision, updated_at);

-- The work read model, version 1. Created by Projector.Setup, dropped and
-- rebuilt when Projector.Version changes (rename the tables with it).
CREATE TABLE tasks_v1 (
	id             text        PRIMARY KEY,
	title          text        NOT NULL DEFAULT '', -- '' once erased
	description    text        NOT NULL DEFAULT '',
	assignee_staff text        NOT NULL DEFAULT '', -- a staff ID, or '' for a team's task
	assignee_team  text        NOT NULL DEFAULT '',
	due            date        NOT NULL,
	priority       text        NOT NULL,
	urgency        smallint    NOT NULL, -- 0 urgent .. 3 low: sorts the lists
	status         text        NOT NULL,
	matter_id      text        NOT NULL DEFAULT '',
	contact_id     text        NOT NULL DEFAULT '',
	origin         text        NOT NULL DEFAULT '', -- the workflow-template item
	erased         boolean     NOT NULL DEFAULT false,
	version        bigint      NOT NULL, -- stream version of the last event applied
	created_by     text        NOT NULL,
	created_at     timestamptz NOT NULL,
	updated_at     timestamptz NOT NULL,
	closed_at      timestamptz -- when done or cancelled
);

-- "My tasks" and "the team's tasks" read open tasks by assignee and due date.
-- A member's and a team's open tasks in the lists' order, read a page at a
-- time without sorting all of them (the start page).
CREATE INDEX tasks_v1_staff ON tasks_v1 (assignee_staff, due, urgency, created_at, id) WHERE status IN ('open', 'in_progress');
CREATE INDEX tasks_v1_team ON tasks_v1 (assignee_team, due, urgency, created_at, id) WHERE status IN ('open', 'in_progress');
CREATE INDEX tasks_v1_matter ON tasks_v1 (matter_id, due) WHERE matter_id <> '';
-- A contact's tasks: the erasure's blanking, a merge's move (merge.go).
CREATE INDEX tasks_v1_contact ON tasks_v1 (contact_id) WHERE contact_id <> '';

CREATE TABLE deadlines_v1 (
	id          text        PRIMARY KEY,
	matter_id   text        NOT NULL,
	title       text        NOT NULL DEFAULT '', -- '' once erased
	kind        text        NOT NULL,
	date        date        NOT NULL,
	time        text        NOT NULL DEFAULT '', -- 'HH:MM', '' for all day
	responsible text        NOT NULL, -- staff ID
	status      text        NOT NULL,
	origin      text        NOT NULL DEFAULT '',
	-- the matter's clients are reminded of it (internal/automail)
	concerns_client boolean NOT NULL DEFAULT false,
	erased      boolean     NOT NULL DEFAULT false,
	version     bigint      NOT NULL,
	created_at  timestamptz NOT NULL,
	updated_at  timestamptz NOT NULL
);

CREATE INDEX deadlines_v1_responsible ON deadlines_v1 (responsible, date);
-- A member's pending deadlines in the lists' order (the start page).
CREATE INDEX deadlines_v1_pending ON deadlines_v1 (responsible, date, time, created_at, id) WHERE status = 'pending';
CREATE INDEX deadlines_v1_matter ON deadlines_v1 (matter_id, date);
CREATE INDEX deadlines_v1_date ON deadlines_v1 (date);

-- Why a deadline was moved or cancelled, one row per such event that gave
-- a reason (sealed with the matter's key, like the title; '' once erased):
-- free text that may name anyone, so an erasure's search for mentions
-- reads it (projections/work/mentions.go).
CREATE TABLE deadline_reasons_v1 (
	deadline_id text   NOT NULL,
	version     bigint NOT NULL, -- the deadline's stream version of the event
	matter_id   text   NOT NULL,
	reason      text   NOT NULL,
	PRIMARY KEY (deadline_id, version)
);

-- One row per reminder of a deadline. A reminder is raised for its
-- current due time when raised_due_at = due_at: moving the deadline moves
-- due_at and so re-arms it, as the aggregate does.
CREATE TABLE reminders_v1 (
	deadline_id   text        NOT NULL,
	idx           integer     NOT NULL, -- the reminder's index in the deadline's list
	days_before   integer     NOT NULL,
	due_at        timestamptz NOT NULL,
	raised_at     timestamptz,
	raised_due_at timestamptz,
	responsible   text        NOT NULL, -- the deadline's, for the start page's raised reminders
	pending       boolean     NOT NULL, -- the deadline is pending
	PRIMARY KEY (deadline_id, idx)
);

-- A member's raised reminders of pending deadlines (the start page).
CREATE INDEX reminders_v1_raised ON reminders_v1 (responsible) WHERE pending AND raised_due_at = due_at;

-- The reminder engine asks every minute for what is due and not raised.
CREATE INDEX reminders_v1_pending ON reminders_v1 (due_at) WHERE raised_due_at IS DISTINCT FROM due_at;

-- The monitoring runs (projections/cdd.Runs): after a sanctions list is
-- imported, every active record is screened again against it, once. A
-- row claims the list's run for one instance; finished_at says it ended,
-- with how many records were screened and how many had new hits. Written
-- directly, like the lists it follows; left out of backups with them (a
-- list imported again after a restore is monitored again).
CREATE TABLE cdd_monitoring_runs (
	list_id     text        PRIMARY KEY REFERENCES cdd_sanctions_lists ON DELETE CASCADE,
	started_at  timestamptz NOT NULL,
	finished_at timestamptz,
	screened    integer     NOT NULL DEFAULT 0,
	new_hits    integer     NOT NULL DEFAULT 0, -- records whose screening found an entry their last one had not
	failed      text        NOT NULL DEFAULT '' -- why the run stopped (an error's code), '' when it ended well
);

-- The staff and walls read model, version 1. Created by Projector.Setup,
-- dropped and rebuilt when Projector.Version changes (rename the tables
-- with it).
CREATE TABLE staff_v1 (
	id         text        PRIMARY KEY,
	name       text        COLLATE "sv-x-icu" NOT NULL DEFAULT '', -- Swedish order; '' once erased
	email      text        NOT NULL DEFAULT '', -- lower case; '' once erased
	-- signs_in: this row holds email as a sign-in name. False once erased,
	-- and for the later of two accounts registered with one address at the
	-- same moment (a race the commands accept): the unique index below then
	-- never stops the projector, and sign-in stays unambiguous.
	signs_in   boolean     NOT NULL DEFAULT false,
	roles      text[]      NOT NULL DEFAULT '{}',
	teams      text[]      NOT NULL DEFAULT '{}',
	active     boolean     NOT NULL DEFAULT true,
	erased     boolean     NOT NULL DEFAULT false,
	version    bigint      NOT NULL, -- stream version of the last event applied
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);

CREATE UNIQUE INDEX staff_v1_email ON staff_v1 (email) WHERE signs_in;
CREATE INDEX staff_v1_name ON staff_v1 (name, id);

CREATE TABLE walls_v1 (
	id          text        PRIMARY KEY,
	target_kind text        NOT NULL, -- contact or matter
	target_id   text        NOT NULL,
	users       text[]      NOT NULL DEFAULT '{}', -- staff IDs
	teams       text[]      NOT NULL DEFAULT '{}',
	reason      text        NOT NULL,
	active      boolean     NOT NULL DEFAULT true,
	erected_by  text        NOT NULL, -- the actor's staff ID
	erected_at  timestamptz NOT NULL,
	lifted_at   timestamptz,
	version     bigint      NOT NULL
);

-- "Which targets is this viewer walled off from?" asks users @> {id} OR
-- teams && {teams} of active walls only: a bitmap OR of these two.
CREATE INDEX walls_v1_users ON walls_v1 USING gin (users) WHERE active;
CREATE INDEX walls_v1_teams ON walls_v1 USING gin (teams) WHERE active;

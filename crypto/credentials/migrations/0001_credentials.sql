-- Credentials: mutable security state. Nothing here is a usable secret:
-- passwords are argon2id hashes, tokens and throttle keys are SHA-256.

-- One PHC-encoded argon2id hash per staff member.
CREATE TABLE credentials_passwords (
	staff_id   text        PRIMARY KEY,
	hash       text        NOT NULL,
	changed_at timestamptz NOT NULL
);

-- Failed sign-ins per key (an account or an address), hashed.
CREATE TABLE credentials_throttle (
	key_hash       bytea       PRIMARY KEY,
	failures       integer     NOT NULL,
	last_failed_at timestamptz NOT NULL,
	locked_until   timestamptz
);
CREATE INDEX credentials_throttle_last_failed ON credentials_throttle (last_failed_at);

-- Server-side sessions. The token itself is only in the browser's cookie;
-- id is a public handle for lists and logs.
CREATE TABLE credentials_sessions (
	id           text        PRIMARY KEY,
	token_hash   bytea       NOT NULL UNIQUE,
	staff_id     text        NOT NULL,
	created_at   timestamptz NOT NULL,
	last_seen_at timestamptz NOT NULL,
	user_agent   text        NOT NULL DEFAULT '',
	address      text        NOT NULL DEFAULT ''
);
CREATE INDEX credentials_sessions_staff ON credentials_sessions (staff_id);
CREATE INDEX credentials_sessions_last_seen ON credentials_sessions (last_seen_at);
CREATE INDEX credentials_sessions_created ON credentials_sessions (created_at);

-- API tokens. The secret is shown once at creation; only its hash stays.
CREATE TABLE credentials_tokens (
	id           text        PRIMARY KEY,
	secret_hash  bytea       NOT NULL UNIQUE,
	name         text        NOT NULL,
	roles        text[]      NOT NULL,
	created_by   text        NOT NULL,
	created_at   timestamptz NOT NULL,
	expires_at   timestamptz,
	revoked_at   timestamptz,
	revoked_by   text,
	last_used_at timestamptz
);

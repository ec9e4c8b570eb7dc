-- Secret calendar-feed tokens, one live token per staff member. Only the
-- SHA-256 of a token is stored: a leaked table opens no feed.
CREATE TABLE calendar_tokens (
	token_hash bytea       PRIMARY KEY,
	staff_id   text        NOT NULL,
	created_at timestamptz NOT NULL,
	revoked_at timestamptz
);

-- One live token per staff member: CreateFeedToken revokes the old one.
CREATE UNIQUE INDEX calendar_tokens_live ON calendar_tokens (staff_id) WHERE revoked_at IS NULL;

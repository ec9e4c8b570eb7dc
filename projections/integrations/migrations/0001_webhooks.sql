-- Webhook subscriptions and their delivery log (projections/integrations,
-- sent by internal/webhooks). Not a read model: what was delivered is
-- not in the log, so a rebuild of the feed leaves these alone and
-- backups keep them. No personal data: URLs, kinds, IDs, codes, times;
-- the signing secret is sealed by the key ring (subject webhook-<id>).
CREATE TABLE webhook_subscriptions (
	id              uuid        PRIMARY KEY,
	name            text        NOT NULL,  -- the receiving system ("Fakturasystemet")
	url             text        NOT NULL,
	kinds           text[]      NOT NULL,  -- the feed's kinds it is sent
	staff_id        text        NOT NULL,  -- whose need-to-know it sees: the administrator who made it
	roles           text[]      NOT NULL,  -- within the member's roles, what it may read
	secret_sealed   bytea       NOT NULL,
	status          text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
	paused_reason   text        NOT NULL DEFAULT '', -- a code: failures, member_inactive, admin
	-- Delivered up to here: the feed's position of the last entry taken
	-- (2xx) or passed over (not the member's to see).
	after_commit    bigint      NOT NULL DEFAULT 0,
	after_prepare   bigint      NOT NULL DEFAULT 0,
	failures        int         NOT NULL DEFAULT 0, -- in a row
	next_attempt_at timestamptz NOT NULL DEFAULT now(),
	claimed_until   timestamptz,
	created_by      text        NOT NULL,
	created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscriptions_due ON webhook_subscriptions (next_attempt_at) WHERE status = 'active';

CREATE TABLE webhook_deliveries (
	id              bigserial   PRIMARY KEY,
	subscription_id uuid        NOT NULL REFERENCES webhook_subscriptions ON DELETE CASCADE,
	event_id        uuid        NOT NULL,
	kind            text        NOT NULL,
	outcome         text        NOT NULL CHECK (outcome IN ('delivered', 'failed')),
	status_code     int         NOT NULL DEFAULT 0, -- the receiver's answer; 0 when none came
	error           text        NOT NULL DEFAULT '', -- a code (timeout, dial, redirect, refused_address, http_500), never the receiver's words
	duration_ms     int         NOT NULL DEFAULT 0,
	at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id DESC);

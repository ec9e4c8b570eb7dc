-- The secret that signs consent-withdrawal links (HMAC-SHA256), one for the
-- whole fleet. It lives outside the read model's tables because a rebuild
-- must not invalidate the links already mailed out. Whoever reads it can
-- only withdraw consents, never read personal data.
CREATE TABLE gdpr_link_keys (
	id         smallint    PRIMARY KEY CHECK (id = 1),
	key        bytea       NOT NULL CHECK (length(key) >= 32),
	created_at timestamptz NOT NULL DEFAULT now()
);

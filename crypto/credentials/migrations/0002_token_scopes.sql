-- API tokens get scopes and always an expiry (issue 18).
-- scopes NULL: a token created before scopes existed; it keeps every scope
-- until it expires (docs/integrations.md). A token without an expiry is
-- given one 90 days from this upgrade, so no token lives for ever.
ALTER TABLE credentials_tokens ADD COLUMN scopes text[];
UPDATE credentials_tokens SET expires_at = now() + interval '90 days' WHERE expires_at IS NULL;
ALTER TABLE credentials_tokens ALTER COLUMN expires_at SET NOT NULL;

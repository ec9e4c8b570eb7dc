-- Webhook deliveries (issue 18): an entry of the integration feed sent to
-- another system tells it of the people it names, so each attempt that
-- left Klient is an access under the webhook's member, via 'webhook', with
-- the webhook (webhook_subscriptions.id) named as a token is. NULL: any
-- other channel.
ALTER TABLE access_log ADD COLUMN webhook_id text;
ALTER TABLE access_log DROP CONSTRAINT access_log_via_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_via_check
	CHECK (via IN ('page', 'api', 'export', 'calendar', 'download', 'webhook'));

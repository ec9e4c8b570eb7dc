-- An administrator's own attempts (issue 18): a test message sent from the
-- webhook's page, and an entry sent again by hand. They are in the
-- delivery log beside the sender's, marked, and move neither the cursor
-- nor the failures in a row. '' is the sender's own attempt.
ALTER TABLE webhook_deliveries ADD COLUMN manual text NOT NULL DEFAULT ''
	CHECK (manual IN ('', 'test', 'redelivery'));

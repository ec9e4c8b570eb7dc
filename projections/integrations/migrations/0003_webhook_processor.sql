-- A webhook tied by the administrator to a processor in the DPO's register
-- (dpo_processors_v2.id, its art. 28 agreement signed) and a purpose
-- (integrations.Purposes): its entries carry the personal fields the
-- purpose allows. '' for both: IDs and non-personal fields only.
ALTER TABLE webhook_subscriptions ADD COLUMN processor_id text NOT NULL DEFAULT '',
	ADD COLUMN purpose text NOT NULL DEFAULT '',
	ADD CONSTRAINT webhook_subscriptions_processor CHECK ((processor_id = '') = (purpose = ''));

-- The campaigns scheduled to be sent later, for the job that sends them
-- when due (internal/automail.Campaigns): taken from the log's
-- communication.CampaignScheduled, CampaignCancelled and CampaignStarted
-- by the outbox's projector. IDs, times and states only: the text stays
-- in the log.
CREATE TABLE mail_campaign_schedules (
    campaign_id uuid PRIMARY KEY,
    send_at     timestamptz NOT NULL,
    state       text NOT NULL,   -- scheduled, cancelled or started
    version     bigint NOT NULL  -- the stream version applied: a replay never moves it back
);
CREATE INDEX mail_campaign_schedules_due ON mail_campaign_schedules (send_at) WHERE state = 'scheduled';

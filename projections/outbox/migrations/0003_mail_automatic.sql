-- Each matter's automatic messages to its clients (status reports,
-- deadline reminders), as the responsible lawyer last set them: taken
-- from the log's communication.AutomaticMessagesSet by the outbox's
-- projector, for the job that sends them (internal/automail). IDs,
-- numbers and times only.
CREATE TABLE mail_automatic (
    matter_id          uuid PRIMARY KEY,
    status_report_days int NOT NULL,  -- 0: off
    reminder_days      int NOT NULL,  -- 0: off
    set_at             timestamptz NOT NULL,  -- reports are counted in periods from here
    version            bigint NOT NULL        -- the stream version applied: a replay never moves it back
);

-- The mail outbox: one row per e-mail Klient is to send, queued from the
-- log's communication.MailRequested events (projections/outbox) and worked
-- by the sender (internal/mailer). IDs, states and times only: the
-- address and the text stay sealed in the log with the recipient's key,
-- and the sender opens them when it sends (docs/gdpr.md, "E-mail").
CREATE TABLE mail_outbox (
    mail_id          uuid PRIMARY KEY,
    stream           text NOT NULL,        -- where the request is in the log
    version          bigint NOT NULL,
    recipient        uuid NOT NULL,        -- the contact: whose key seals the mail
    purpose          text NOT NULL,
    matter_id        uuid,
    communication_id uuid,
    campaign_id      uuid,
    status           text NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'bounced', 'cancelled', 'uncertain')),
    attempts         int NOT NULL DEFAULT 0,
    -- Sends whose outcome nobody learnt (the sender died after handing
    -- the message over, or the connection broke during DATA): the first
    -- is sent again with the same Message-ID, the second is not.
    unknown_outcomes int NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    claimed_until    timestamptz,
    requested_at     timestamptz NOT NULL,
    sent_at          timestamptz,
    -- A code ("smtp.550", "dial", "erased"), never a server's words, which
    -- may quote the address.
    last_error       text NOT NULL DEFAULT '',
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX mail_outbox_claimed ON mail_outbox (claimed_until) WHERE status = 'sending';
CREATE INDEX mail_outbox_campaign ON mail_outbox (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX mail_outbox_matter ON mail_outbox (matter_id) WHERE matter_id IS NOT NULL;
CREATE INDEX mail_outbox_recipient ON mail_outbox (recipient);

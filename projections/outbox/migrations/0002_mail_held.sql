-- Incoming e-mail Klient could not file under a matter (internal/mailin):
-- the review queue of the staff member who sent or forwarded it. The
-- message itself is a document blob (document_blobs, under held_id)
-- sealed with a key of its own, "mailin-<held_id>", which filing or
-- discarding it destroys. IDs, a reason code and times only.
CREATE TABLE mail_held (
    held_id     uuid PRIMARY KEY,
    staff_id    text NOT NULL,        -- who handed it to Klient (SMTP AUTH): whose queue it is in
    reason      text NOT NULL,        -- no_matter, unknown_matter, not_visible, archived
    size        bigint NOT NULL,
    received_at timestamptz NOT NULL
);

CREATE INDEX mail_held_staff ON mail_held (staff_id, received_at);

-- Whose address a held e-mail (mail_held) came from or was sent to, so a
-- person's access package lists it and their erasure destroys it even
-- when they became a contact only after it arrived. Each address is kept
-- as a keyed hash (HMAC-SHA256 under the key ring's index key
-- "mail-held-address"), never in the clear, and goes with its message.
CREATE TABLE mail_held_addresses (
    held_id     uuid  NOT NULL REFERENCES mail_held (held_id) ON DELETE CASCADE,
    address_mac bytea NOT NULL,
    role        text  NOT NULL,  -- from, to, cc
    PRIMARY KEY (held_id, address_mac, role)
);

CREATE INDEX mail_held_addresses_mac ON mail_held_addresses (address_mac);

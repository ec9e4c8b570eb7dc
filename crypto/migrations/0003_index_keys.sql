-- Secrets for keyed hashes that find a record by a personal value without
-- keeping the value (a contact's claim of a personnummer is a stream named
-- by an HMAC of it). One row per use, made on first use; the secret is
-- encrypted by the master AEAD with its name as associated data, like a
-- subject's keyset. Never shredded: it belongs to no one person.
CREATE TABLE keystore_index_keys (
	name       text        PRIMARY KEY,
	secret     bytea       NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);

-- One wrapped Tink keyset per data subject. The keyset column holds the
-- keyset encrypted by the master AEAD with the subject ID as associated
-- data: without the master key these bytes are useless.
CREATE TABLE keystore_subject_keys (
	subject     text        PRIMARY KEY,
	keyset      bytea       NOT NULL,
	key_id      bigint      NOT NULL, -- the keyset's primary key ID (public)
	created_at  timestamptz NOT NULL DEFAULT now()
);

-- A subject whose key was shredded. Never holds personal data; never
-- deleted: re-applied after a restore of the key store.
CREATE TABLE keystore_tombstones (
	subject     text        PRIMARY KEY,
	shredded_at timestamptz NOT NULL,
	key_id      bigint      NOT NULL DEFAULT 0, -- 0: shredded before any key existed
	fingerprint text        NOT NULL DEFAULT '' -- SHA-256 of the wrapped keyset, hex
);

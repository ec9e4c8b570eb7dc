-- Signed checkpoints of an EventStoreDB cluster's $all, kept here because
-- whoever could rewrite the cluster's events could rewrite anything kept
-- beside them (eventstore/esdb/audit.go, docs/audit.md). As
-- audit_checkpoints: after the event at (commit_position, prepare_position),
-- event_count events whose hashes, folded in $all's order into
-- digest = sha256(digest || hash) from 32 zero bytes, give digest; the
-- Ed25519 signature covers position, count, digest and created_at under the
-- cluster's own signing domain (eventstore/checkpoint_sign.go).
CREATE TABLE audit_cluster_checkpoints (
	id               bigserial   PRIMARY KEY,
	commit_position  bigint      NOT NULL,
	prepare_position bigint      NOT NULL,
	event_count      bigint      NOT NULL CHECK (event_count > 0),
	digest           bytea       NOT NULL CHECK (octet_length(digest) = 32),
	created_at       timestamptz NOT NULL,
	key_id           text        NOT NULL,
	signature        bytea       NOT NULL CHECK (octet_length(signature) = 64),
	-- Set by a restore whose cluster backup is older than the checkpoint:
	-- it lies past the restored log's end. Kept, not deleted, so what was
	-- signed stays on record; verify and new checkpoints leave it out, and
	-- the log, growing again from the backup's end, may reuse its position.
	withdrawn_at     timestamptz
);
CREATE UNIQUE INDEX audit_cluster_checkpoints_position ON audit_cluster_checkpoints (commit_position, prepare_position)
	WHERE withdrawn_at IS NULL;

-- Tamper evidence: every event row carries a SHA-256 hash chained to the
-- previous event of its stream, and signed checkpoints anchor a running
-- digest of the whole log (see chain.go and docs/audit.md).

-- event_hash is the chain's byte layout, version 1. chain.go holds the same
-- layout in Go and chain_test.go proves the two agree:
--   prev (32 bytes: the previous event's hash, zeros for version 0)
--   || uint32 length || stream (UTF-8)
--   || int64 version
--   || event_id (16 bytes)
--   || uint32 length || type (UTF-8)
--   || int32 schema_version
--   || uint32 length || data (the stored bytes: sealed fields stay sealed,
--      so shredding a key never changes a hash)
--   || uint32 length || metadata (jsonb's text form, which is canonical)
-- All integers big-endian. Lengths keep fields from sliding into each other.
CREATE FUNCTION event_hash(prev bytea, stream text, version bigint, event_id uuid, type text,
	schema_version integer, data bytea, metadata jsonb) RETURNS bytea
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
	SELECT sha256(prev
		|| int4send(octet_length(convert_to(stream, 'UTF8'))) || convert_to(stream, 'UTF8')
		|| int8send(version)
		|| uuid_send(event_id)
		|| int4send(octet_length(convert_to(type, 'UTF8'))) || convert_to(type, 'UTF8')
		|| int4send(schema_version)
		|| int4send(octet_length(data)) || data
		|| int4send(octet_length(convert_to(metadata::text, 'UTF8'))) || convert_to(metadata::text, 'UTF8'))
$$;

-- event_chain hashes one append's events, the first at version first. It is
-- VOLATILE on purpose: in READ COMMITTED a volatile function's queries take a
-- fresh snapshot, so after the append statement has waited for the streams
-- row, the lookup sees the previous event committed by the writer it waited
-- for (the statement's own snapshot would not).
CREATE FUNCTION event_chain(p_stream text, p_first bigint, ids uuid[], types text[],
	schema_versions integer[], data bytea[], metadata text[]) RETURNS bytea[]
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	prev   bytea := decode(repeat('00', 32), 'hex');
	hashes bytea[] := '{}';
BEGIN
	IF p_first > 0 THEN
		-- No row (a log broken before this append): NULL hashes, which
		-- verification reports; the append itself must not fail.
		SELECT e.hash INTO prev FROM events e WHERE e.stream = p_stream AND e.version = p_first - 1;
	END IF;
	FOR i IN 1 .. cardinality(ids) LOOP
		prev := event_hash(prev, p_stream, p_first + i - 1, ids[i], types[i], schema_versions[i],
			data[i], metadata[i]::jsonb);
		hashes := hashes || prev;
	END LOOP;
	RETURN hashes;
END $$;

-- Nullable so that tooling inserting rows by hand still can; a missing hash
-- is reported by verification like a wrong one.
ALTER TABLE events ADD COLUMN hash bytea CHECK (octet_length(hash) = 32);

-- Chain the events written before this migration, stream by stream.
DO $$
DECLARE
	r      record;
	prev   bytea;
	cur    text;
BEGIN
	FOR r IN SELECT * FROM events ORDER BY stream, version LOOP
		IF cur IS DISTINCT FROM r.stream THEN
			cur := r.stream;
			prev := decode(repeat('00', 32), 'hex');
		END IF;
		prev := event_hash(prev, r.stream, r.version, r.event_id, r.type, r.schema_version, r.data, r.metadata);
		UPDATE events SET hash = prev WHERE xid = r.xid AND seq = r.seq;
	END LOOP;
END $$;

-- Signed checkpoints of the global log: after the event at (xid, seq),
-- event_count events whose hashes, folded in (xid, seq) order into
-- digest = sha256(digest || hash) from 32 zero bytes, give digest. The
-- signature (Ed25519, key_id names the public key) covers position, count,
-- digest and created_at (checkpoint_sign.go).
CREATE TABLE audit_checkpoints (
	id          bigserial   PRIMARY KEY,
	xid         bigint      NOT NULL,
	seq         bigint      NOT NULL,
	event_count bigint      NOT NULL CHECK (event_count > 0),
	digest      bytea       NOT NULL CHECK (octet_length(digest) = 32),
	created_at  timestamptz NOT NULL,
	key_id      text        NOT NULL,
	signature   bytea       NOT NULL CHECK (octet_length(signature) = 64),
	UNIQUE (xid, seq)
);

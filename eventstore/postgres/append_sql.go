package postgres

import "github.com/klient-crm/klient/eventstore"

// An append is one statement (one round trip, implicit transaction): the
// first CTE claims the stream's versions and checks the expectation, the
// second inserts the events only if the first returned a row. Concurrent
// appends to one stream queue on the streams row; appends to different
// streams share no lock, so their commits can be flushed together.
//
// Parameters: $1 stream, $2 number of events, $3..$7 the events' columns,
// $8 the expected version (Exact only).
const (
	// A plain INSERT is cheaper than ON CONFLICT DO NOTHING; an existing
	// stream makes it fail with unique_violation, which is the conflict path.
	claimNoStream = `WITH s AS (
	INSERT INTO streams (stream, last_version) VALUES ($1, $2::bigint - 1)
	RETURNING last_version),`

	claimAny = `WITH s AS (
	INSERT INTO streams AS t (stream, last_version) VALUES ($1, $2::bigint - 1)
	ON CONFLICT (stream) DO UPDATE SET last_version = t.last_version + $2::bigint
	RETURNING last_version),`

	claimExact = `WITH s AS (
	UPDATE streams SET last_version = last_version + $2::bigint
	WHERE stream = $1 AND last_version = $8::bigint
	RETURNING last_version),`

	// c hashes the events into their stream's chain (event_chain, in
	// migrations/0002_chain.sql) once the claim holds the streams row.
	insertEvents = `
c AS (
	SELECT event_chain($1, s.last_version - $2::bigint + 1, $3::uuid[], $4::text[], $5::int4[], $6::bytea[], $7::text[]) AS hashes
	FROM s),
e AS (
	INSERT INTO events (event_id, stream, version, type, schema_version, data, metadata, hash)
	SELECT u.id, $1, s.last_version - $2::bigint + u.ord, u.type, u.schema_version, u.data, u.metadata::jsonb, c.hashes[u.ord]
	FROM s, c, unnest($3::uuid[], $4::text[], $5::int4[], $6::bytea[], $7::text[])
		WITH ORDINALITY AS u(id, type, schema_version, data, metadata, ord)
	ORDER BY u.ord
	RETURNING version, xid, seq)
SELECT count(*), coalesce(max(version), 0), coalesce(max(xid), 0), coalesce(max(seq), 0) FROM e`
)

// insertOne is insertEvents for the common case of one event (a contact, a
// communication, a task is born or changed), with the same parameters as
// scalars ($3 ID, $4 type, $5 schema version, $6 data, $7 metadata):
// event_hash is called in the statement itself, after event_prev_hash
// (or zeros for version 0), without event_chain's loop.
const insertOne = `
m AS (SELECT $7::text::jsonb AS metadata)
INSERT INTO events (event_id, stream, version, type, schema_version, data, metadata, hash)
SELECT $3::uuid, $1, s.last_version, $4, $5::int4, $6::bytea, m.metadata,
	event_hash(CASE WHEN s.last_version = 0 THEN decode(repeat('00', 32), 'hex')
		ELSE event_prev_hash($1, s.last_version - 1) END,
		$1, s.last_version, $3::uuid, $4, $5::int4, $6::bytea, m.metadata)
FROM s, m
RETURNING 1::bigint, version, xid, seq`

// appendSQL picks the statement for an expectation and a number of events.
func appendSQL(exp eventstore.ExpectedVersion, events int) string {
	insert := insertEvents
	if events == 1 {
		insert = insertOne
	}
	switch {
	case exp.IsNoStream():
		return claimNoStream + insert
	case exp.IsAny():
		return claimAny + insert
	}
	return claimExact + insert
}

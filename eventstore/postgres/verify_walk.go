package postgres

import (
	"context"
	"hash"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
)

// walker follows the log in (xid, seq) order (one stream: in version
// order), recomputing each event's hash from its stream's previous one and
// folding the stored hashes into the running digest the checkpoints signed.
type walker struct {
	opts        VerifyOptions
	hasher      *eventstore.ChainHasher
	digestHash  hash.Hash
	streams     map[string]*streamLink
	names       map[string]string              // interned stream and type names
	pending     map[string]map[uint64]*walkRow // events whose predecessor is still to come
	anchor      Checkpoint
	digest      [HashSize]byte
	events      uint64 // events of the log up to the walk's place, for the digest
	walked      uint64
	checkpoints []Checkpoint // still to meet, in position order
	checked     int
	broken      *BrokenLink
}

// streamLink is where a stream's chain has got to.
type streamLink struct {
	next uint64         // the version expected next
	hash [HashSize]byte // the hash the next version links to
	gap  bool           // the version before next is missing (seen when anchoring)
}

// walkRow is one event as stored.
type walkRow struct {
	pos    eventstore.Position
	link   ChainLink
	stored []byte
}

const walkColumns = `xid, seq, stream, version, event_id, type, schema_version, data, metadata::text, hash`

// progressEvery is how many events pass between progress reports.
const progressEvery = 4096

// walk reads every event in scope once. Rows are taken in binary form
// straight from the wire: a million events are too many to allocate for.
func (w *walker) walk(ctx context.Context, tx pgx.Tx) error {
	total, err := w.count(ctx, tx)
	if err != nil {
		return err
	}
	where, args := w.scope()
	order := ` ORDER BY xid, seq`
	if w.opts.Stream != "" {
		order = ` ORDER BY version`
	}
	rows, err := tx.Query(ctx, `SELECT `+walkColumns+` FROM events WHERE `+where+order,
		append([]any{pgx.QueryResultFormats{pgx.BinaryFormatCode}}, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r walkRow
	for rows.Next() && w.broken == nil {
		if err := w.decode(rows.RawValues(), &r); err != nil {
			return err
		}
		w.step(&r)
		w.progress(total)
	}
	return rows.Err()
}

func (w *walker) progress(total uint64) {
	if w.opts.Progress != nil && (w.walked%progressEvery == 0 || w.walked == total) {
		w.opts.Progress(w.walked, total)
	}
}

// step takes the next event: first the checkpoints it has passed, then its
// place in the digest and in its stream's chain.
func (w *walker) step(r *walkRow) {
	if w.opts.Stream == "" {
		for len(w.checkpoints) > 0 && w.checkpoints[0].Position.Less(r.pos) && w.broken == nil {
			w.closeCheckpoint(w.checkpoints[0])
			w.checkpoints = w.checkpoints[1:]
		}
		if w.broken != nil {
			return
		}
		w.digest = eventstore.FoldDigest(w.digestHash, w.digest, storedHash(r.stored))
		w.events++
	}
	w.walked++
	w.link(r)
}

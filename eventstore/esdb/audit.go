package esdb

import (
	"context"
	"crypto"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"time"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/klient-crm/klient/eventstore"
)

// Audited is the cluster's log with its signed checkpoints, which the
// cluster cannot keep itself (whoever could rewrite its events could
// rewrite them too), kept in book: PostgreSQL's
// audit_cluster_checkpoints. The checkpoints' digests fold each event's
// stored hash in $all's order; an event written before the adapter chained
// events folds in its own hash from zeros (eventstore.ChainHash with no
// predecessor), which covers its bytes without needing its stream's chain.
func (s *Store) Audited(book eventstore.CheckpointBook) eventstore.Audited {
	return &audited{store: s, book: book}
}

type audited struct {
	store *Store
	book  eventstore.CheckpointBook
}

// auditPage is how many records one read of $all takes while auditing.
const auditPage = 1000

// WriteCheckpoint signs a checkpoint over the events of $all after the
// last one, up to the log's end: the cluster shows only committed events
// in $all, in commit order, so nothing can later appear before them.
//
// The walk over $all runs outside the book's lock and transaction (at a
// million events the first walk takes minutes, and an open PostgreSQL
// transaction for that long holds back vacuum and a connection); the
// book's lock is taken only to store the result, which is stored only if
// no other writer signed one meanwhile. If one did, the walk is made again
// from that newer checkpoint, which is short.
func (a *audited) WriteCheckpoint(ctx context.Context, signer crypto.Signer) (eventstore.Checkpoint, bool, error) {
	for attempt := 1; ; attempt++ {
		last, err := a.newest(ctx)
		if err != nil {
			return eventstore.Checkpoint{}, false, fmt.Errorf("esdb: checkpoint: %w", err)
		}
		next, err := a.fold(ctx, last)
		if err != nil || next.Events == last.Events {
			return last, false, err
		}
		next.CreatedAt = eventstore.CheckpointTime(time.Now())
		if err := next.Sign(signer); err != nil {
			return eventstore.Checkpoint{}, false, fmt.Errorf("esdb: checkpoint: %w", err)
		}
		cp, wrote, err := a.book.Extend(ctx, func(cur eventstore.Checkpoint) (eventstore.Checkpoint, bool, error) {
			if cur.ID != last.ID {
				return cur, false, errCheckpointMoved
			}
			return next, true, nil
		})
		if errors.Is(err, errCheckpointMoved) && attempt < 5 {
			continue
		}
		if err != nil {
			return eventstore.Checkpoint{}, false, fmt.Errorf("esdb: checkpoint: %w", err)
		}
		return cp, wrote, nil
	}
}

// errCheckpointMoved: another writer signed a checkpoint while this one
// walked the log.
var errCheckpointMoved = errors.New("another checkpoint was signed meanwhile")

// newest is the newest checkpoint in force, or the zero checkpoint of the
// cluster's log when there is none.
func (a *audited) newest(ctx context.Context) (eventstore.Checkpoint, error) {
	cps, err := a.book.Checkpoints(ctx)
	if err != nil || len(cps) == 0 {
		return eventstore.Checkpoint{Log: eventstore.LogCluster}, err
	}
	return cps[len(cps)-1], nil
}

// fold extends last over the events of $all after it, unsigned.
func (a *audited) fold(ctx context.Context, last eventstore.Checkpoint) (eventstore.Checkpoint, error) {
	next := last
	next.Log, next.ID, next.Signature, next.KeyID = eventstore.LogCluster, 0, nil, ""
	h := sha256.New()
	err := a.store.walkAll(ctx, last.Position, func(r *kurrentdb.RecordedEvent) error {
		l, err := linkOf(r)
		if err != nil {
			return fmt.Errorf("event %s of %s: %w", r.EventID, r.StreamID, err)
		}
		next.Digest = eventstore.FoldDigest(h, next.Digest, l.digestHash())
		next.Events++
		next.Position = positionOf(r.Position)
		return nil
	})
	if errors.Is(err, eventstore.ErrPositionBeyondEnd) {
		return last, fmt.Errorf("esdb: checkpoint: checkpoint %d lies past the end of the cluster's log: "+
			"was the cluster restored from a backup older than it? `klient audit verify` says more", last.ID)
	}
	if err != nil {
		return last, fmt.Errorf("esdb: checkpoint: %w", err)
	}
	return next, nil
}

// WithdrawPastEnd withdraws the checkpoints past the end of the cluster's
// log, newest first: after the cluster was restored from a backup taken
// before they were signed (it is backed up before the database, see
// docs/operations.md) every verification would stop at them. They stay in
// the book, marked; restore prints them for the audit file.
func (a *audited) WithdrawPastEnd(ctx context.Context) ([]eventstore.Checkpoint, error) {
	cps, err := a.book.Checkpoints(ctx)
	if err != nil {
		return nil, err
	}
	var out []eventstore.Checkpoint
	var ids []int64
	for i := len(cps) - 1; i >= 0; i-- {
		err := a.store.checkPlace(ctx, cps[i].Position)
		if !errors.Is(err, eventstore.ErrPositionBeyondEnd) {
			if err != nil && !errors.Is(err, eventstore.ErrPositionNotARecord) {
				return nil, err
			}
			break // in the log (or not of it, which verify reports): so are the older ones
		}
		out, ids = append(out, cps[i]), append(ids, cps[i].ID)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return out, a.book.Withdraw(ctx, ids)
}

// digestHash is what a checkpoint's digest folds for the event.
func (l storedLink) digestHash() [eventstore.HashSize]byte {
	if l.chained {
		return l.hash
	}
	return eventstore.ChainHash([eventstore.HashSize]byte{}, l.link)
}

// walkAll calls fn with every record of $all after after, system events
// left out, in the log's order.
func (s *Store) walkAll(ctx context.Context, after eventstore.Position, fn func(*kurrentdb.RecordedEvent) error) error {
	for {
		page := &allPage{cursor: after, want: auditPage, raw: true}
		for !page.done() {
			if err := s.readAllPage(ctx, page); err != nil {
				return err
			}
		}
		for _, r := range page.recs {
			if err := fn(r); err != nil {
				return err
			}
		}
		if page.end {
			return nil
		}
		after = page.cursor
	}
}

// Verify walks $all (or one stream) as the PostgreSQL store's Verify walks
// its rows: each event's hash recomputed from its stream's previous one
// and compared with the one its metadata carries, versions dense from 0,
// and each checkpoint's signature, count and digest where the walk passes
// it. The cluster keeps no table of streams' last versions, so a removed
// last event of a stream shows only at the next checkpoint (EventStoreDB
// offers no way to remove one short of deleting the stream or editing its
// chunk files).
func (a *audited) Verify(ctx context.Context, opts eventstore.VerifyOptions) (eventstore.VerifyReport, error) {
	w := &clusterWalk{opts: opts, hasher: eventstore.NewChainHasher(), digestHash: sha256.New(),
		streams: map[string]*clusterLink{}, seed: a.store.hashAt}
	if err := w.plan(ctx, a.book); err != nil || w.broken != nil {
		return w.report(), err
	}
	var err error
	if opts.Stream != "" {
		err = a.store.walkStream(ctx, opts.Stream, func(r *kurrentdb.RecordedEvent) error { return w.step(ctx, r) })
	} else {
		err = a.store.walkAll(ctx, w.anchor.Position, func(r *kurrentdb.RecordedEvent) error { return w.step(ctx, r) })
	}
	switch {
	case errors.Is(err, errBroken):
	case errors.Is(err, eventstore.ErrPositionBeyondEnd) && w.anchor.ID != 0:
		w.breakAtCheckpoint(w.anchor, "it lies past the end of the cluster's log: events at the log's end were removed, "+
			"or the cluster was restored from a backup older than this checkpoint")
	case errors.Is(err, eventstore.ErrStreamNotFound):
		return w.report(), fmt.Errorf("there is no stream %q", opts.Stream)
	case err != nil:
		return w.report(), fmt.Errorf("esdb: verify: %w", err)
	default:
		w.finish()
	}
	if opts.Progress != nil {
		opts.Progress(w.walked, w.walked)
	}
	return w.report(), nil
}

// walkStream calls fn with each of stream's records in version order.
func (s *Store) walkStream(ctx context.Context, stream string, fn func(*kurrentdb.RecordedEvent) error) error {
	for from := uint64(0); ; {
		recs, err := s.readRecords(ctx, stream, kurrentdb.ReadStreamOptions{Direction: kurrentdb.Forwards, From: kurrentdb.Revision(from)}, auditPage)
		if err != nil {
			return err
		}
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(recs) < auditPage {
			return nil
		}
		from = recs[len(recs)-1].EventNumber + 1
	}
}

// errBroken stops a walk at its first broken link.
var errBroken = errors.New("broken link")

// clusterWalk is where a verification of the cluster's log has got to.
type clusterWalk struct {
	opts        eventstore.VerifyOptions
	hasher      *eventstore.ChainHasher
	digestHash  hash.Hash
	streams     map[string]*clusterLink
	seed        func(ctx context.Context, stream string, v uint64) ([eventstore.HashSize]byte, bool, error)
	anchor      eventstore.Checkpoint
	digest      [eventstore.HashSize]byte
	events      uint64 // events of the log up to the walk's place, for the digest
	walked      uint64
	unchained   uint64
	checkpoints []eventstore.Checkpoint // still to meet, in position order
	checked     int
	broken      *eventstore.BrokenLink
}

// clusterLink is where a stream's chain has got to.
type clusterLink struct {
	next    uint64
	hash    [eventstore.HashSize]byte
	chained bool // an event of the stream carried a hash: every later one must
}

// plan finds the checkpoints the walk meets and, with Since, the one it
// starts from (its signature checked, its digest trusted).
func (w *clusterWalk) plan(ctx context.Context, book eventstore.CheckpointBook) error {
	cps, err := book.Checkpoints(ctx)
	if err != nil {
		return err
	}
	if w.opts.Stream == "" && !w.opts.Since.IsZero() {
		for len(cps) > 0 && !cps[0].CreatedAt.After(w.opts.Since) {
			w.anchor, cps = cps[0], cps[1:]
		}
		if w.anchor.ID != 0 && w.opts.PublicKey != nil && !w.anchor.VerifySignature(w.opts.PublicKey) {
			w.breakAtCheckpoint(w.anchor, "the signature does not verify with this public key")
		}
		w.digest, w.events = w.anchor.Digest, w.anchor.Events
	}
	w.checkpoints = cps
	return nil
}

// step takes the next record: first the checkpoints it has passed, then
// its place in the digest and in its stream's chain.
func (w *clusterWalk) step(ctx context.Context, r *kurrentdb.RecordedEvent) error {
	pos := positionOf(r.Position)
	if w.opts.Stream == "" {
		for len(w.checkpoints) > 0 && w.checkpoints[0].Position.Less(pos) && w.broken == nil {
			w.closeCheckpoint(w.checkpoints[0])
			w.checkpoints = w.checkpoints[1:]
		}
		if w.broken != nil {
			return errBroken
		}
	}
	l, err := linkOf(r)
	if err != nil {
		w.breakAt(pos, storedLink{link: eventstore.ChainLink{Stream: r.StreamID, Version: r.EventNumber, EventID: r.EventID}}, err.Error())
		return errBroken
	}
	if w.opts.Stream == "" {
		w.digest = eventstore.FoldDigest(w.digestHash, w.digest, l.digestHash())
		w.events++
	}
	w.walked++
	if w.opts.Progress != nil && w.walked%4096 == 0 {
		w.opts.Progress(w.walked, 0) // the cluster's log is not counted cheaply: no total
	}
	if err := w.link(ctx, pos, l); err != nil {
		return err
	}
	if w.broken != nil {
		return errBroken
	}
	return nil
}

// link checks l against its stream's chain. In $all a stream's versions
// come in order, so a version out of turn is a gap or a repeat at once.
func (w *clusterWalk) link(ctx context.Context, pos eventstore.Position, l storedLink) error {
	st := w.streams[l.link.Stream]
	if st == nil {
		st = &clusterLink{}
		if l.link.Version > 0 && w.anchor.ID != 0 {
			// The stream began before the anchor: link to its last event there.
			h, found, err := w.seed(ctx, l.link.Stream, l.link.Version-1)
			if err != nil {
				return err
			}
			st.next, st.hash = l.link.Version, h
			if !found {
				st.next-- // reported as the missing predecessor
			}
		}
		w.streams[l.link.Stream] = st
	}
	switch {
	case l.link.Version > st.next:
		w.breakAt(pos, l, fmt.Sprintf("version %d of this stream is missing (the chain jumps from version %d to %d)",
			st.next, int64(st.next)-1, l.link.Version))
		return nil
	case l.link.Version < st.next:
		w.breakAt(pos, l, fmt.Sprintf("version %d of this stream appears more than once", l.link.Version))
		return nil
	}
	sum := w.hasher.Hash(st.hash, &l.link)
	switch {
	case l.chained && sum != l.hash:
		w.breakAt(pos, l, "the stored hash does not match the event: its stream, version, ID, type, "+
			"schema version, data or metadata were changed, or it no longer follows the stream's previous event")
	case l.chained:
		st.chained = true
	case st.chained:
		w.breakAt(pos, l, "the event has no hash, though an earlier event of its stream has one")
	default:
		w.unchained++
	}
	st.next, st.hash = st.next+1, sum
	return nil
}

// closeCheckpoint checks cp once the walk has passed its position.
func (w *clusterWalk) closeCheckpoint(cp eventstore.Checkpoint) {
	switch {
	case w.opts.PublicKey != nil && !cp.VerifySignature(w.opts.PublicKey):
		w.breakAtCheckpoint(cp, "the signature does not verify with this public key")
	case w.events != cp.Events:
		w.breakAtCheckpoint(cp, fmt.Sprintf("the log holds %d events up to here but %d were signed: "+
			"events were removed or inserted (or the cluster was restored from a backup older than this checkpoint)", w.events, cp.Events))
	case w.digest != cp.Digest:
		w.breakAtCheckpoint(cp, "the events up to here are not the ones signed: "+
			"events were changed or reordered and their hashes recomputed")
	default:
		w.checked++
	}
}

// finish checks the checkpoints past the last event: over the whole log
// each must still match (a removed tail shows here); walking one stream,
// their signatures.
func (w *clusterWalk) finish() {
	for _, cp := range w.checkpoints {
		if w.broken != nil {
			return
		}
		if w.opts.Stream == "" {
			w.closeCheckpoint(cp)
		} else if w.opts.PublicKey != nil && !cp.VerifySignature(w.opts.PublicKey) {
			w.breakAtCheckpoint(cp, "the signature does not verify with this public key")
		} else {
			w.checked++
		}
	}
}

func (w *clusterWalk) breakAt(pos eventstore.Position, l storedLink, problem string) {
	if w.broken == nil {
		w.broken = &eventstore.BrokenLink{Stream: l.link.Stream, Version: l.link.Version, Position: pos,
			EventID: l.link.EventID, Problem: problem}
	}
}

func (w *clusterWalk) breakAtCheckpoint(cp eventstore.Checkpoint, problem string) {
	if w.broken == nil {
		w.broken = &eventstore.BrokenLink{Position: cp.Position, Checkpoint: cp.ID, Problem: problem}
	}
}

func (w *clusterWalk) report() eventstore.VerifyReport {
	return eventstore.VerifyReport{Events: w.walked, Streams: len(w.streams), Checkpoints: w.checked,
		Anchor: w.anchor, Signatures: w.opts.PublicKey != nil, Unchained: w.unchained, Broken: w.broken}
}

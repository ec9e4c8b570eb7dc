package esdb

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sync"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/klient-crm/klient/eventstore"
)

// The hash chain on the cluster. Each event's hash is the port's
// (eventstore.ChainHash: the same layout as PostgreSQL's event_hash) over
// its stream's previous hash and the event as stored, its metadata being
// the bytes the adapter wrote without the chain field. The server keeps an
// event's user metadata byte for byte, so the hash travels in it: the
// metadata is written as its JSON body with one last field appended,
//
//	{…the body's fields…,"chain_hash":"<64 hex digits>"}
//
// which a reader of the JSON ignores, and a verifier cuts off again (a
// fixed-length tail) to recover the body's exact bytes. No JSON rules are
// needed to recompute a hash, and every byte the server holds of an event
// but that tail is covered.
const chainField = `,"chain_hash":"`

// chainTail is the length of what chained appends to the body (less the
// body's own closing brace, which it moves to the end).
const chainTail = len(chainField) + 2*eventstore.HashSize + 2

// chained is body with the chain field for hash h appended.
func chained(body []byte, h [eventstore.HashSize]byte) []byte {
	out := make([]byte, 0, len(body)+chainTail)
	out = append(out, body[:len(body)-1]...)
	out = append(out, chainField...)
	out = hex.AppendEncode(out, h[:])
	return append(out, '"', '}')
}

// unchain splits stored metadata into the body its hash covers and the
// hash. ok is false when it carries no chain field: an event written
// before the adapter chained events, or metadata altered past recognition
// (either way the verifier hashes it whole and the next event's link, or
// a checkpoint, tells which).
func unchain(meta []byte) (body []byte, h [eventstore.HashSize]byte, ok bool) {
	n := len(meta) - chainTail
	if n < 1 || !bytes.Equal(meta[n:n+len(chainField)], []byte(chainField)) ||
		meta[len(meta)-2] != '"' || meta[len(meta)-1] != '}' {
		return meta, h, false
	}
	if _, err := hex.Decode(h[:], meta[n+len(chainField):len(meta)-2]); err != nil {
		return meta, h, false
	}
	return append(bytes.Clone(meta[:n]), '}'), h, true
}

// storedLink is a record's chain link as the server keeps it, with its
// stored hash when it has one.
type storedLink struct {
	link    eventstore.ChainLink
	hash    [eventstore.HashSize]byte
	chained bool
}

// linkOf reads r's chain link. A record whose metadata is not the JSON
// Klient writes has none (err).
func linkOf(r *kurrentdb.RecordedEvent) (storedLink, error) {
	body, h, ok := unchain(r.UserMetadata)
	var m struct {
		SchemaVersion int32 `json:"schema_version"`
	}
	if len(body) > 0 {
		if err := json.Unmarshal(body, &m); err != nil {
			return storedLink{}, errors.New("its metadata is not what Klient writes")
		}
	}
	return storedLink{link: eventstore.ChainLink{Stream: r.StreamID, Version: r.EventNumber, EventID: r.EventID,
		Type: r.EventType, SchemaVersion: m.SchemaVersion, Data: r.Data, Metadata: body}, hash: h, chained: ok}, nil
}

// placement is where an append's events go in their stream's chain: sent
// with expected version send, the first at version first linking to prev.
// done holds the original result of an Any resend recognised without
// sending.
type placement struct {
	send  eventstore.ExpectedVersion
	first uint64
	prev  [eventstore.HashSize]byte
	done  *eventstore.AppendResult
}

// place reads what an append needs to chain its events: nothing for
// NoStream (version 0 links to zeros), event v for Exact(v) — one read of
// one event, a round trip to the leader per append — and for Any the
// stream's last events. An Any append is sent as Exact(its last version),
// so no other writer can slip an event between the one read and the one
// written (the chain would name the wrong predecessor); Append tries again
// when one did. A resend of an Any append is recognised while its events
// are the stream's last ones, as PostgreSQL recognises it.
func (s *Store) place(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events []eventstore.Envelope) (placement, error) {
	if expected.IsNoStream() {
		return placement{send: expected}, nil
	}
	if v, ok := expected.Version(); ok {
		if prev, ok := s.tails.get(stream, v); ok {
			return placement{send: expected, first: v + 1, prev: prev}, nil
		}
		prev, found, err := s.hashAt(ctx, stream, v)
		if err != nil {
			return placement{}, err
		}
		if !found {
			return placement{}, eventstore.WrongExpectedVersion(stream, expected)
		}
		return placement{send: expected, first: v + 1, prev: prev}, nil
	}
	tail, err := s.readRecords(ctx, stream, kurrentdb.ReadStreamOptions{Direction: kurrentdb.Backwards, From: kurrentdb.End{}}, uint64(len(events)))
	if errors.Is(err, eventstore.ErrStreamNotFound) || (err == nil && len(tail) == 0) {
		return placement{send: eventstore.NoStream}, nil
	}
	if err != nil {
		return placement{}, err
	}
	last := tail[0]
	if resent(tail, events) {
		return placement{done: &eventstore.AppendResult{LastVersion: last.EventNumber, LastPosition: positionOf(last.Position)}}, nil
	}
	prev, err := s.hashOf(ctx, last)
	if err != nil {
		return placement{}, err
	}
	return placement{send: eventstore.Exact(last.EventNumber), first: last.EventNumber + 1, prev: prev}, nil
}

// resent reports whether the stream's last records (newest first) are
// events, in order.
func resent(tail []*kurrentdb.RecordedEvent, events []eventstore.Envelope) bool {
	if len(tail) != len(events) {
		return false
	}
	for i, e := range events {
		if tail[len(tail)-1-i].EventID != e.ID {
			return false
		}
	}
	return true
}

// hashAt is the hash of stream's event at version v; found is false when
// the stream has no such event.
func (s *Store) hashAt(ctx context.Context, stream string, v uint64) (h [eventstore.HashSize]byte, found bool, err error) {
	recs, err := s.readRecords(ctx, stream, kurrentdb.ReadStreamOptions{Direction: kurrentdb.Forwards, From: kurrentdb.Revision(v)}, 1)
	if errors.Is(err, eventstore.ErrStreamNotFound) || (err == nil && (len(recs) == 0 || recs[0].EventNumber != v)) {
		return h, false, nil
	}
	if err != nil {
		return h, false, err
	}
	h, err = s.hashOf(ctx, recs[0])
	return h, err == nil, err
}

// hashOf is r's stored hash, or, for an event written before the adapter
// chained events, the hash the chain gives it: its stream hashed from the
// start (once per such stream, on its first chained append).
func (s *Store) hashOf(ctx context.Context, r *kurrentdb.RecordedEvent) ([eventstore.HashSize]byte, error) {
	l, err := linkOf(r)
	if err != nil || l.chained {
		return l.hash, err
	}
	var prev [eventstore.HashSize]byte
	hasher := eventstore.NewChainHasher()
	for from := uint64(0); from <= r.EventNumber; {
		recs, err := s.readRecords(ctx, r.StreamID, kurrentdb.ReadStreamOptions{Direction: kurrentdb.Forwards, From: kurrentdb.Revision(from)},
			min(500, r.EventNumber-from+1))
		if err != nil {
			return prev, err
		}
		if len(recs) == 0 {
			return prev, errors.New("esdb: the stream ended while its chain was computed")
		}
		for _, rec := range recs {
			l, err := linkOf(rec)
			if err != nil {
				return prev, err
			}
			prev = hasher.Hash(prev, &l.link)
		}
		from = recs[len(recs)-1].EventNumber + 1
	}
	return prev, nil
}

// chainEvents encodes events for the wire, each one's metadata carrying
// its hash, the first at version p.first; last is the last one's hash.
func chainEvents(stream string, p placement, events []eventstore.Envelope) (data []kurrentdb.EventData, last [eventstore.HashSize]byte, err error) {
	hasher := eventstore.NewChainHasher()
	prev := p.prev
	data = make([]kurrentdb.EventData, len(events))
	for i, e := range events {
		d, err := toEventData(e)
		if err != nil {
			return nil, last, err
		}
		l := eventstore.ChainLink{Stream: stream, Version: p.first + uint64(i), EventID: e.ID, Type: e.Type,
			SchemaVersion: int32(e.SchemaVersion), Data: e.Data, Metadata: d.Metadata}
		prev = hasher.Hash(prev, &l)
		d.Metadata = chained(d.Metadata, prev)
		data[i] = d
	}
	return data, prev, nil
}

// tailHashes remembers, per stream, the version and hash of the last event
// this process appended, so that the next Exact append to it (the usual
// command: load, decide, append at the loaded version) chains onto it
// without reading that event back: one round trip to the leader less per
// command. An event's hash never changes once written, so an entry can be
// stale only by being old: the server's expected-version check refuses an
// append whose version another writer has passed, and the entry is asked
// for by exactly the version it holds. The hash kept is the one computed
// here, not read back: it is the stored one because a success either wrote
// these bytes or, answering a resend idempotently, found events of the
// same IDs, which are only ever resent byte for byte (the journal resends
// the very envelopes after an unknown outcome; event IDs are fresh UUIDs
// per encoding). A caller that re-encoded events under old IDs (new
// ciphertext) would leave a hash no stored event has. Bounded: when full
// it starts again.
type tailHashes struct {
	mu      sync.Mutex
	streams map[string]tailHash
}

type tailHash struct {
	version uint64
	hash    [eventstore.HashSize]byte
}

// tailHashesKept is how many streams' tails are remembered at most.
const tailHashesKept = 20000

func (t *tailHashes) get(stream string, version uint64) ([eventstore.HashSize]byte, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	h, ok := t.streams[stream]
	return h.hash, ok && h.version == version
}

func (t *tailHashes) put(stream string, version uint64, hash [eventstore.HashSize]byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.streams == nil || len(t.streams) >= tailHashesKept {
		t.streams = make(map[string]tailHash)
	}
	t.streams[stream] = tailHash{version: version, hash: hash}
}

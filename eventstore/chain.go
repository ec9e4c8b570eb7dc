package eventstore

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"

	"github.com/google/uuid"
)

// HashSize is the length of an event's chain hash and of a checkpoint's
// digest.
const HashSize = sha256.Size

// ChainLink is what an event's hash covers besides the previous hash: the
// event as stored. Metadata is the store's own stored bytes of it:
// PostgreSQL's text form of the jsonb column (metadata::text), which is
// canonical, so a reader needs no JSON rules of its own to recompute a
// hash; EventStoreDB's user metadata exactly as written, without the chain
// field the adapter appends to it (eventstore/esdb/chain.go).
type ChainLink struct {
	Stream        string
	Version       uint64
	EventID       uuid.UUID
	Type          string
	SchemaVersion int32
	Data          []byte // the stored bytes, personal fields still sealed
	Metadata      []byte
}

// ChainHasher computes the chain's byte layout, version 1, the one every
// store uses: PostgreSQL's SQL twin is event_hash in
// eventstore/postgres/migrations/0002_chain.sql (its chain_test.go keeps
// them equal), and the EventStoreDB adapter computes it in Go on append. Hashing the stored (sealed) bytes is what lets crypto-shredding
// erase a person without breaking the chain. It reuses one SHA-256 state:
// verification hashes millions of rows.
type ChainHasher struct {
	h       hash.Hash
	buf     [8]byte
	sum     [HashSize]byte
	scratch []byte // names copied here: hash.Hash takes bytes, not strings
}

// NewChainHasher returns a hasher; one is not safe for concurrent use.
func NewChainHasher() *ChainHasher { return &ChainHasher{h: sha256.New()} }

// Hash returns SHA-256(prev || l laid out as event_hash does).
func (c *ChainHasher) Hash(prev [HashSize]byte, l *ChainLink) [HashSize]byte {
	c.h.Reset()
	c.h.Write(prev[:])
	c.fieldString(l.Stream)
	binary.BigEndian.PutUint64(c.buf[:], l.Version)
	c.h.Write(c.buf[:8])
	c.h.Write(l.EventID[:])
	c.fieldString(l.Type)
	binary.BigEndian.PutUint32(c.buf[:], uint32(l.SchemaVersion))
	c.h.Write(c.buf[:4])
	c.field(l.Data)
	c.field(l.Metadata)
	return [HashSize]byte(c.h.Sum(c.sum[:0]))
}

// field writes a length-prefixed field, so that bytes cannot move from one
// field to its neighbour without changing the hash.
func (c *ChainHasher) field(b []byte) {
	binary.BigEndian.PutUint32(c.buf[:], uint32(len(b)))
	c.h.Write(c.buf[:4])
	c.h.Write(b)
}

func (c *ChainHasher) fieldString(s string) {
	c.scratch = append(c.scratch[:0], s...)
	c.field(c.scratch)
}

// ChainHash is the hash of the event described by l whose stream
// predecessor has hash prev (zeros for version 0).
func ChainHash(prev [HashSize]byte, l ChainLink) [HashSize]byte {
	return NewChainHasher().Hash(prev, &l)
}

// FoldDigest advances the running digest of the global log by one event's
// hash: digest' = SHA-256(digest || hash), from 32 zero bytes. h is reused.
func FoldDigest(h hash.Hash, digest, eventHash [HashSize]byte) [HashSize]byte {
	h.Reset()
	h.Write(digest[:])
	h.Write(eventHash[:])
	var out [HashSize]byte
	h.Sum(out[:0])
	return out
}

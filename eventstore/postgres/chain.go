package postgres

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
// row as stored. Metadata is PostgreSQL's text form of the jsonb column
// (metadata::text), which is canonical, so a reader needs no JSON rules of
// its own to recompute a hash.
type ChainLink struct {
	Stream        string
	Version       uint64
	EventID       uuid.UUID
	Type          string
	SchemaVersion int32
	Data          []byte // the stored bytes, personal fields still sealed
	Metadata      []byte
}

// chainHasher computes the chain's byte layout, version 1; the SQL twin is
// event_hash in migrations/0002_chain.sql and chain_test.go keeps them
// equal. Hashing the stored (sealed) bytes is what lets crypto-shredding
// erase a person without breaking the chain. It reuses one SHA-256 state:
// verification hashes millions of rows.
type chainHasher struct {
	h       hash.Hash
	buf     [8]byte
	sum     [HashSize]byte
	scratch []byte // names copied here: hash.Hash takes bytes, not strings
}

func newChainHasher() *chainHasher { return &chainHasher{h: sha256.New()} }

// hash returns SHA-256(prev || l laid out as event_hash does).
func (c *chainHasher) hash(prev [HashSize]byte, l *ChainLink) [HashSize]byte {
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
func (c *chainHasher) field(b []byte) {
	binary.BigEndian.PutUint32(c.buf[:], uint32(len(b)))
	c.h.Write(c.buf[:4])
	c.h.Write(b)
}

func (c *chainHasher) fieldString(s string) {
	c.scratch = append(c.scratch[:0], s...)
	c.field(c.scratch)
}

// ChainHash is the hash of the event described by l whose stream
// predecessor has hash prev (zeros for version 0).
func ChainHash(prev [HashSize]byte, l ChainLink) [HashSize]byte {
	return newChainHasher().hash(prev, &l)
}

// foldDigest advances the running digest of the global log by one event's
// hash: digest' = SHA-256(digest || hash), from 32 zero bytes.
func foldDigest(h hash.Hash, digest, eventHash [HashSize]byte) [HashSize]byte {
	h.Reset()
	h.Write(digest[:])
	h.Write(eventHash[:])
	var out [HashSize]byte
	h.Sum(out[:0])
	return out
}

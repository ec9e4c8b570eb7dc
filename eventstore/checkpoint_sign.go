package eventstore

import (
	"crypto"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"time"
)

// The domain starts every signed message, so that a signature over a
// checkpoint can never be passed off as a signature over anything else,
// nor one over a checkpoint of one log as one over the other's: a
// PostgreSQL log's checkpoints (unchanged since before there were two) and
// an EventStoreDB cluster's, kept in PostgreSQL beside it.
const (
	checkpointDomain        = "klient-audit-checkpoint-v1\n"
	clusterCheckpointDomain = "klient-audit-checkpoint-esdb-v1\n"
)

// LogCluster is Checkpoint.Log for a checkpoint of an EventStoreDB
// cluster's $all; the empty Log is the PostgreSQL log's.
const LogCluster = "esdb"

func (c Checkpoint) domain() string {
	if c.Log == LogCluster {
		return clusterCheckpointDomain
	}
	return checkpointDomain
}

// signedMessage is what a checkpoint's signature covers: position, event
// count, digest and creation time, fixed-width and big-endian.
func (c Checkpoint) signedMessage() []byte {
	msg := make([]byte, 0, len(clusterCheckpointDomain)+8*4+HashSize)
	msg = append(msg, c.domain()...)
	msg = binary.BigEndian.AppendUint64(msg, c.Position.Commit)
	msg = binary.BigEndian.AppendUint64(msg, c.Position.Prepare)
	msg = binary.BigEndian.AppendUint64(msg, c.Events)
	msg = append(msg, c.Digest[:]...)
	return binary.BigEndian.AppendUint64(msg, uint64(c.CreatedAt.UnixMicro()))
}

// KeyID names a public key in checkpoints: the first 8 bytes of its
// SHA-256, in hex. It tells which key to verify with after a rotation.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// Sign fills KeyID and Signature. signer may be an ed25519.PrivateKey or
// anything else holding an Ed25519 key behind crypto.Signer (a KMS).
func (c *Checkpoint) Sign(signer crypto.Signer) error {
	pub, ok := signer.Public().(ed25519.PublicKey)
	if !ok {
		return errors.New("eventstore: checkpoints are signed with Ed25519 keys only")
	}
	sig, err := signer.Sign(nil, c.signedMessage(), crypto.Hash(0))
	if err != nil {
		return err
	}
	c.KeyID, c.Signature = KeyID(pub), sig
	return nil
}

// VerifySignature reports whether c was signed by pub's private key.
func (c Checkpoint) VerifySignature(pub ed25519.PublicKey) bool {
	return len(pub) == ed25519.PublicKeySize && c.KeyID == KeyID(pub) &&
		ed25519.Verify(pub, c.signedMessage(), c.Signature)
}

// CheckpointTime is the creation time as stored and signed: PostgreSQL
// keeps microseconds.
func CheckpointTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

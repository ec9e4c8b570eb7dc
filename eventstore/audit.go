package eventstore

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Audited is a log whose events carry the hash chain (chain.go) and whose
// whole is anchored by signed checkpoints: what `klient audit verify` and
// `klient audit checkpoint` need of a store, whichever it is. The
// PostgreSQL store keeps its checkpoints in its own database; an
// EventStoreDB cluster's are kept in PostgreSQL beside it (a
// CheckpointBook).
type Audited interface {
	// Verify recomputes every hash in scope from the stored events,
	// follows each stream's chain (versions dense from 0, each linked to
	// its predecessor) and checks each signed checkpoint: its signature,
	// and that the running digest of the log up to its position still
	// matches. It stops at the first broken link, which the report names.
	Verify(ctx context.Context, opts VerifyOptions) (VerifyReport, error)
	// WriteCheckpoint signs a checkpoint over every event the last one
	// does not cover. It returns the last checkpoint and false when no
	// event arrived since; the zero Checkpoint and false on an empty log.
	WriteCheckpoint(ctx context.Context, signer crypto.Signer) (Checkpoint, bool, error)
	// WithdrawPastEnd withdraws, after a restore, the checkpoints that lie
	// past the restored log's end, and returns them, newest first: they
	// describe events the restored log never held. A log restored with its
	// checkpoints from one snapshot (PostgreSQL's) has none.
	WithdrawPastEnd(ctx context.Context) ([]Checkpoint, error)
}

// Checkpoint is a signed statement about the global log: the first Events
// events, up to and including Position, fold into Digest (FoldDigest over
// their hashes in the log's order). Whoever can rewrite events can
// recompute every hash, but cannot sign a new checkpoint.
type Checkpoint struct {
	ID        int64
	Log       string // "" for the PostgreSQL log, LogCluster for an EventStoreDB cluster's $all
	Position  Position
	Events    uint64
	Digest    [HashSize]byte
	CreatedAt time.Time
	KeyID     string
	Signature []byte
}

// CheckpointBook keeps the signed checkpoints of a log that cannot keep
// them itself: an EventStoreDB cluster's, in PostgreSQL. Checkpoints and
// Extend see only the checkpoints in force.
type CheckpointBook interface {
	// Checkpoints lists every checkpoint, oldest first.
	Checkpoints(ctx context.Context) ([]Checkpoint, error)
	// Extend calls next with the newest checkpoint (the zero Checkpoint
	// when there is none) while no other writer can, and stores what it
	// returns when it says so, filling its ID.
	Extend(ctx context.Context, next func(last Checkpoint) (Checkpoint, bool, error)) (Checkpoint, bool, error)
	// Withdraw takes the checkpoints ids out of force, keeping them on
	// record.
	Withdraw(ctx context.Context, ids []int64) error
}

// VerifyOptions choose what Verify walks.
type VerifyOptions struct {
	// PublicKey checks the checkpoints' signatures. Without it only the
	// hash chains are checked, and Verify says so in the report.
	PublicKey ed25519.PublicKey
	// Stream walks one stream's chain; checkpoint digests, which cover the
	// whole log, are then not checked (their signatures are).
	Stream string
	// Since starts from the newest checkpoint created at or before it
	// (its signature checked, its digest trusted) instead of the start of
	// the log. Each stream's first event after it links to the stored hash
	// of its predecessor.
	Since time.Time
	// Progress, when set, is told events done out of total (0 when the
	// store cannot count its log cheaply).
	Progress func(done, total uint64)
}

// VerifyReport is what a verification found.
type VerifyReport struct {
	Events      uint64     // events whose hashes were recomputed
	Streams     int        // streams whose chains were followed
	Checkpoints int        // checkpoints checked (signature, and digest unless Stream)
	Anchor      Checkpoint // where the walk started (zero: the start of the log)
	Signatures  bool       // whether signatures were checked at all
	Unchained   uint64     // events written before the store chained them: hashed here, no stored hash to compare
	Broken      *BrokenLink
}

// BrokenLink is the first place where the log is not what was written.
type BrokenLink struct {
	Stream     string
	Version    uint64
	Position   Position
	EventID    uuid.UUID
	Checkpoint int64 // the checkpoint that disagrees, if that is what broke
	Problem    string
}

func (b *BrokenLink) String() string {
	if b.Checkpoint != 0 {
		return fmt.Sprintf("checkpoint %d at position %s: %s", b.Checkpoint, b.Position, b.Problem)
	}
	return fmt.Sprintf("stream %s version %d (position %s, event %s): %s",
		b.Stream, b.Version, b.Position, b.EventID, b.Problem)
}

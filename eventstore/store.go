package eventstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
)

// ExpectedVersion is the writer's belief about a stream before an append:
// Any, NoStream, or Exact(v) where v is the Version of the stream's last
// event.
type ExpectedVersion struct {
	kind    expectation
	version uint64
}

type expectation uint8

const (
	expectAny expectation = iota
	expectNoStream
	expectExact
)

// Any appends whatever the stream's state.
var Any = ExpectedVersion{kind: expectAny}

// NoStream appends only if the stream does not exist yet.
var NoStream = ExpectedVersion{kind: expectNoStream}

// Exact appends only if the stream's last event has Version v.
func Exact(v uint64) ExpectedVersion { return ExpectedVersion{kind: expectExact, version: v} }

// IsAny, IsNoStream and Version tell adapters what was expected.
func (e ExpectedVersion) IsAny() bool      { return e.kind == expectAny }
func (e ExpectedVersion) IsNoStream() bool { return e.kind == expectNoStream }

// Version returns the exact version and true, or 0 and false.
func (e ExpectedVersion) Version() (uint64, bool) { return e.version, e.kind == expectExact }

func (e ExpectedVersion) String() string {
	switch e.kind {
	case expectNoStream:
		return "no stream"
	case expectExact:
		return "version " + uitoa(e.version)
	}
	return "any"
}

// AppendResult tells where the appended events landed.
type AppendResult struct {
	LastVersion  uint64   // Version of the stream's last event after the append
	LastPosition Position // Position of the last appended event
}

// Store is the event store port. Every method takes ctx first.
//
// Errors: a stale expected version is a *domain.Error of KindConflict
// (wrapping ErrWrongExpectedVersion); reading a stream that does not exist
// returns ErrStreamNotFound; invalid arguments are KindInvalid (an empty
// stream name, no events, a zero or repeated event ID, an empty type, a
// limit of 0 or less).
//
// Metadata.OccurredAt comes back truncated to microseconds, in UTC. ReadAll
// and subscriptions may lag behind Append until earlier writes (anywhere on
// the same PostgreSQL server, for that adapter) have finished: that lag is
// what makes the global order gap-free.
type Store interface {
	// Append writes events atomically at the end of stream.
	//
	// Re-appending events whose IDs are already the stream's events at the
	// same place succeeds without writing (idempotent retry) and returns the
	// original result — always for NoStream and Exact, whose expected
	// version says where the events belong. For Any only while they are
	// the stream's last events: later PostgreSQL refuses the resend as a
	// conflict, and the EventStoreDB adapter (which sends Any as Exact of
	// the stream's end, to chain the events) writes them a second time.
	// Whoever must not double an action appends with NoStream or Exact.
	//
	// An append whose answer was lost fails with ErrOutcomeUnknown
	// (OutcomeUnknown): it may have been written. Resend the same events;
	// an EventStoreDB cluster may let a resend that arrives before the
	// original is replicated go unanswered (another ErrOutcomeUnknown), so
	// resend after a pause.
	Append(ctx context.Context, stream string, expected ExpectedVersion, events []Envelope) (AppendResult, error)
	// ReadStream returns up to limit events of stream with Version >= from, in order.
	ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]Envelope, error)
	// ReadAll returns up to limit events of the whole log strictly after
	// position after, in global order. Only events that can never again be
	// preceded by a late commit are returned (no gaps, ever).
	//
	// after is Start or the Position of an event of the log (as Append,
	// ReadAll or a subscription handed it out). Anything else is refused
	// before anything is read: a place past the log's last event with
	// ErrPositionBeyondEnd, one that names no event with
	// ErrPositionNotARecord (both plain errors, KindInternal: the caller's
	// checkpoint does not belong to this log).
	ReadAll(ctx context.Context, after Position, limit int) ([]Envelope, error)
	// SubscribeAll delivers every event strictly after position after:
	// history first, then live, in global order, each exactly once. after
	// is checked as ReadAll checks it, before the subscription starts.
	// Callers end it with Close; adapters differ on whether cancelling ctx
	// also ends it, so nobody may rely on that.
	SubscribeAll(ctx context.Context, after Position) (Subscription, error)
	// Close releases the adapter's resources.
	Close() error
}

// Subscription is a catch-up subscription to the whole log.
type Subscription interface {
	// Next blocks until the next event (or ctx is done, or the subscription
	// fails or is closed). A Next cancelled through its ctx returns the ctx
	// error, even when an event is ready, and loses nothing: the next call
	// delivers that event.
	Next(ctx context.Context) (Envelope, error)
	// Close ends the subscription; Next then returns ErrSubscriptionClosed.
	Close() error
}

// Metadata travels with every event. It never holds personal data: subjects
// are pseudonymous IDs, the actor is a staff or system ID.
type Metadata struct {
	Actor         string    `json:"actor"`
	CorrelationID string    `json:"correlation_id,omitempty"`
	CausationID   string    `json:"causation_id,omitempty"`
	OccurredAt    time.Time `json:"occurred_at"`
	Subjects      []string  `json:"subjects,omitempty"` // data-subject IDs whose keys seal fields of Data
}

// Envelope is one event as the store keeps it. ID is a UUIDv7 chosen by the
// writer (re-appending the same IDs is idempotent). Stream, Version, Position
// and RecordedAt are set by the store and ignored on append.
type Envelope struct {
	ID            uuid.UUID
	Stream        string
	Type          string
	SchemaVersion int
	Data          []byte // JSON with personal fields sealed
	Metadata      Metadata

	Version    uint64    // 0-based revision of the event inside its stream
	Position   Position  // place in the global log
	RecordedAt time.Time // when the store committed it
}

// Position is a place in the global log. EventStoreDB positions are a
// (commit, prepare) pair; the PostgreSQL adapter uses (transaction ID,
// sequence). Both order lexicographically. The zero Position is "before the
// first event".
type Position struct {
	Commit  uint64
	Prepare uint64
}

// Start is the position before the first event of the log.
var Start = Position{}

// Less reports whether p comes before q.
func (p Position) Less(q Position) bool {
	if p.Commit != q.Commit {
		return p.Commit < q.Commit
	}
	return p.Prepare < q.Prepare
}

// AtLeast reports whether p is q or later.
func (p Position) AtLeast(q Position) bool { return !p.Less(q) }

func (p Position) String() string { return fmt.Sprintf("%d/%d", p.Commit, p.Prepare) }

// Sentinel errors adapters return (wrapped in *domain.Error where a user may
// see them).
var (
	ErrWrongExpectedVersion = errors.New("wrong expected version")
	ErrStreamNotFound       = errors.New("stream not found")
	ErrSubscriptionClosed   = errors.New("subscription closed")

	// ErrPositionNotARecord: the position a read of the whole log starts
	// after names no event of the log (a number made by hand, or a
	// checkpoint kept from another log). EventStoreDB refuses to read from
	// inside a record.
	ErrPositionNotARecord = errors.New("the position names no event of the event log")
	// ErrPositionBeyondEnd: the position lies past the last event of the
	// log. Read from there the log would look empty, and a subscription
	// would skip every later event until the log grew past it. A checkpoint
	// kept while the log was restored from an older backup is the usual
	// cause.
	ErrPositionBeyondEnd = errors.New("the position lies beyond the end of the event log")

	// ErrOutcomeUnknown: an append whose answer was lost. The store may
	// have written it or not: the connection or the node was lost while
	// it was on its way, the caller's ctx ended while it was, or the
	// cluster did not confirm it in time (and may still). Sending the same
	// events again — the same IDs, the same expected version — finds out
	// safely for NoStream and Exact (see Store.Append).
	ErrOutcomeUnknown = errors.New("the outcome of the append is unknown")
)

// OutcomeUnknown is the error adapters return for an append whose answer
// was lost; cause stays for the log. It is KindInternal with its own
// catalogue code, and the HTTP edge answers it 503 with Retry-After.
func OutcomeUnknown(stream string, cause error) error {
	return &domain.Error{
		Kind:    domain.KindInternal,
		Code:    "store.outcome_unknown",
		Message: "the event store did not confirm the change, which may have been saved; send the same change again in a while",
		Err:     errors.Join(ErrOutcomeUnknown, fmt.Errorf("append to %s: %w", stream, cause)),
	}
}

// WrongExpectedVersion builds the conflict error adapters return; the message
// is the one a person reads when two people changed the same record at once.
func WrongExpectedVersion(stream string, expected ExpectedVersion) error {
	return &domain.Error{
		Kind:    domain.KindConflict,
		Message: "this record was changed by someone else in the meantime; reload it and try again",
		Err:     errors.Join(ErrWrongExpectedVersion, errors.New("stream "+stream+" expected "+expected.String())),
	}
}

func uitoa(v uint64) string { return strconv.FormatUint(v, 10) }

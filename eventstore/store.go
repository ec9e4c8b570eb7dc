package eventstore

import "context"

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
	// version says where the events belong. For Any only while the store
	// still recognises the IDs: PostgreSQL while they are the stream's last
	// events (later it refuses the resend as a conflict); EventStoreDB while
	// they are in the leader's bounded cache of recently written event IDs
	// (a few tens of thousands of events; a new leader starts empty), after
	// which it writes them a second time. Whoever must not double an action
	// appends with NoStream or Exact.
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

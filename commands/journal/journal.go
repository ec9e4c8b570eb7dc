package journal

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// pageSize is how many events one read of a stream fetches; an aggregate
// rarely has more, so one round trip is the rule.
const pageSize = 500

// Journal is the event store and the codec with the clock: what every
// repository (Contacts, Staff, Walls, …) rebuilds its aggregates from and
// appends their decisions through.
type Journal struct {
	store EventStore
	codec EventCodec
	clock func() time.Time
}

// New returns the journal of a repository; constructor names the
// repository's constructor in the error that refuses a nil dependency.
func New(constructor string, store EventStore, codec EventCodec, clock func() time.Time) (Journal, error) {
	if store == nil || codec == nil || clock == nil {
		return Journal{}, errors.New("commands." + constructor + ": store, codec and clock are all required")
	}
	return Journal{store: store, codec: codec, clock: clock}, nil
}

// Now is the clock's time in UTC: the only "now" a command decides with.
func (j *Journal) Now() time.Time { return j.clock().UTC() }

// EventStore is what the commands use of eventstore.Store.
type EventStore interface {
	Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events []eventstore.Envelope) (eventstore.AppendResult, error)
	ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]eventstore.Envelope, error)
}

// EventCodec is what the commands use of the codec: it turns a domain event
// into an envelope with its personal fields sealed, and back.
type EventCodec interface {
	Encode(ctx context.Context, id uuid.UUID, ev domain.Event, meta eventstore.Metadata) (eventstore.Envelope, error)
	Decode(ctx context.Context, env eventstore.Envelope) (eventstore.Decoded, error)
}

// KeyShredder destroys one data subject's key for good, so that every
// field it sealed stays unreadable (crypto.Keyring). Shredding again is
// harmless. A redaction destroys the entry key of the text it replaces.
type KeyShredder interface {
	ShredKey(ctx context.Context, subject string) error
}

// Span is what replaying a stream found: whether it exists, the version of
// its last event and the positions of its first and last events.
type Span struct {
	Found       bool
	Version     uint64
	First, Last eventstore.Position
}

// Replay reads stream name from its start and hands each event to apply in
// order, with erased set when subject's personal fields could not be opened
// (an aggregate then refuses changes). A stream that does not exist replays
// nothing.
func (j *Journal) Replay(ctx context.Context, name, subject string, apply func(ev domain.Event, erased bool)) (Span, error) {
	return j.replay(ctx, name, apply, func(d eventstore.Decoded) bool { return subject != "" && d.IsErased(subject) })
}

// ReplayAny is Replay for aggregates whose subject (a matter, a contact,
// the record itself) is only known from the first event: each of their
// events seals with one subject at most, so any erased subject means
// theirs.
func (j *Journal) ReplayAny(ctx context.Context, name string, apply func(ev domain.Event, erased bool)) (Span, error) {
	return j.replay(ctx, name, apply, func(d eventstore.Decoded) bool { return len(d.Erased) > 0 })
}

// Erasable is an aggregate that replays the events of an erased subject
// apart: with their personal fields blank, it refuses changes.
type Erasable interface {
	Apply(ev domain.Event)
	ApplyErased(ev domain.Event)
}

// Applier is the apply of Replay for an Erasable aggregate a: each event
// goes to a.Apply, or to a.ApplyErased when its subject was erased.
func Applier(a Erasable) func(ev domain.Event, erased bool) {
	return func(ev domain.Event, erased bool) {
		if erased {
			a.ApplyErased(ev)
		} else {
			a.Apply(ev)
		}
	}
}

func (j *Journal) replay(ctx context.Context, name string, apply func(domain.Event, bool), erased func(eventstore.Decoded) bool) (Span, error) {
	var sp Span
	err := j.Read(ctx, name, 0, func(env eventstore.Envelope) error {
		if err := j.replayOne(ctx, env, apply, erased); err != nil {
			return err
		}
		sp.record(env)
		return nil
	})
	return sp, err
}

// replayOne decodes one envelope. An event the codec cannot open for want
// of the subject's key still counts: the aggregate is erased.
func (j *Journal) replayOne(ctx context.Context, env eventstore.Envelope, apply func(domain.Event, bool), erased func(eventstore.Decoded) bool) error {
	d, err := j.codec.Decode(ctx, env)
	switch {
	case domain.IsKind(err, domain.KindErased):
		apply(nil, true)
	case err != nil:
		return AsDomainError(err)
	default:
		apply(d.Event, erased(d))
	}
	return nil
}

func (sp *Span) record(env eventstore.Envelope) {
	if !sp.Found {
		sp.Found, sp.First = true, env.Position
	}
	sp.Version, sp.Last = env.Version, env.Position
}

// Read hands each event of stream name from version from on to each, in
// order, as stored (still sealed); an error from each stops the read and is
// returned. A stream that does not exist holds nothing.
func (j *Journal) Read(ctx context.Context, name string, from uint64, each func(eventstore.Envelope) error) error {
	for {
		envs, err := j.store.ReadStream(ctx, name, from, pageSize)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return nil
		}
		if err != nil {
			return AsDomainError(err)
		}
		for _, env := range envs {
			if err := each(env); err != nil {
				return err
			}
		}
		if len(envs) < pageSize {
			return nil
		}
		from = envs[len(envs)-1].Version + 1
	}
}

// First reads the first event of stream name, still sealed; found is false
// when the stream does not exist.
func (j *Journal) First(ctx context.Context, name string) (env eventstore.Envelope, found bool, err error) {
	envs, err := j.store.ReadStream(ctx, name, 0, 1)
	switch {
	case errors.Is(err, eventstore.ErrStreamNotFound) || (err == nil && len(envs) == 0):
		return eventstore.Envelope{}, false, nil
	case err != nil:
		return eventstore.Envelope{}, false, AsDomainError(err)
	}
	return envs[0], true, nil
}

// Decode opens one event read with Read or First. Its error is the
// codec's, as it is (a *domain.Error of kind erased when the subject's
// key is gone).
func (j *Journal) Decode(ctx context.Context, env eventstore.Envelope) (eventstore.Decoded, error) {
	return j.codec.Decode(ctx, env)
}

// Append seals and appends what an aggregate decided to its stream s, in
// one atomic append. Each event gets a fresh UUIDv7, so its ID also orders
// it in time; the codec fills in the subjects whose keys seal it. An append
// whose answer was lost is resent with those same IDs (appendResending).
func (j *Journal) Append(ctx context.Context, actor Actor, s Stream, expected eventstore.ExpectedVersion, events []domain.Event, now time.Time) (eventstore.AppendResult, error) {
	meta := eventstore.Metadata{
		Actor:         actor.ID,
		CorrelationID: actor.CorrelationID,
		OccurredAt:    now,
	}
	envs := make([]eventstore.Envelope, 0, len(events))
	for _, ev := range events {
		env, err := j.encode(ctx, ev, meta)
		if err != nil {
			return eventstore.AppendResult{}, err
		}
		envs = append(envs, env)
	}
	res, err := j.appendResending(ctx, s.Name, expected, envs)
	if err != nil {
		return eventstore.AppendResult{}, s.Conflict(err)
	}
	return res, nil
}

// resendPauses are the waits before each resend of an append whose answer
// was lost. An EventStoreDB leader drops a resend that arrives before the
// original is replicated (and confirms within its 2 s commit timeout), so
// the waits grow towards that.
var resendPauses = []time.Duration{200 * time.Millisecond, time.Second}

// appendResending sends the very same envelopes again — the same event
// IDs, the same expected version — while the store cannot say whether an
// append landed (eventstore.ErrOutcomeUnknown). For NoStream and Exact the
// store answers a resend of an append that landed with the original result,
// so nothing is written twice; with Any it may write them again
// (eventstore.Store.Append), so an Any append is not resent. If the outcome
// is still unknown the error says so (the HTTP edge answers 503 with
// Retry-After): a request resent later decides afresh, and an expected
// version or a client-chosen ID keeps that from doubling the action too.
func (j *Journal) appendResending(ctx context.Context, stream string, expected eventstore.ExpectedVersion, envs []eventstore.Envelope) (eventstore.AppendResult, error) {
	res, err := j.store.Append(ctx, stream, expected, envs)
	for _, pause := range resendPauses {
		if !errors.Is(err, eventstore.ErrOutcomeUnknown) || expected.IsAny() {
			break
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return res, err
		case <-t.C:
		}
		res, err = j.store.Append(ctx, stream, expected, envs)
	}
	return res, err
}

func (j *Journal) encode(ctx context.Context, ev domain.Event, meta eventstore.Metadata) (eventstore.Envelope, error) {
	eventID, err := uuid.NewV7()
	if err != nil {
		return eventstore.Envelope{}, domain.Internal(err)
	}
	env, err := j.codec.Encode(ctx, eventID, ev, meta)
	if err != nil {
		return eventstore.Envelope{}, AsDomainError(err)
	}
	return env, nil
}

// Stream names one aggregate's event stream, with the catalogue code of a
// lost race on it (the caller's view of that record is stale).
type Stream struct {
	Name      string
	StaleCode string
}

// Conflict is AsDomainError for a write to s: a stale-version conflict
// gets s's catalogue code.
func (s Stream) Conflict(err error) error {
	var e *domain.Error
	if errors.As(err, &e) && e.Kind == domain.KindConflict && e.Code == "" && IsStale(err) {
		e.Code = s.StaleCode
	}
	return AsDomainError(err)
}

// Stale is the conflict of a caller whose expected version is not the
// stream's: the same error the store gives when it loses the race.
func (s Stream) Stale(expected uint64) error {
	return s.Conflict(eventstore.WrongExpectedVersion(s.Name, eventstore.Exact(expected)))
}

// AsDomainError passes a *domain.Error through and hides anything else
// behind an internal error whose detail only reaches the log.
func AsDomainError(err error) error {
	var e *domain.Error
	if !errors.As(err, &e) {
		return domain.Internal(err)
	}
	return err
}

// AsNilOrDomain is AsDomainError that leaves no error as none.
func AsNilOrDomain(err error) error {
	if err == nil {
		return nil
	}
	return AsDomainError(err)
}

// IsStale reports a lost race, whoever detected it.
func IsStale(err error) bool { return errors.Is(err, eventstore.ErrWrongExpectedVersion) }

// Decision is one of aggregate A's decision methods bound to a command's
// facts.
type Decision[A any] func(a A, now time.Time) ([]domain.Event, error)

// Loader rebuilds one aggregate of type A from its stream.
type Loader[A any] func(ctx context.Context) (A, Span, error)

// Placed is where a command left an aggregate's stream.
type Placed struct {
	Version  uint64
	Position eventstore.Position
}

// RegisterOn runs a registration on stream s: it appends only if the
// stream does not exist. A registration the aggregate says is already done
// (a retry with the same facts) answers with the original registration's
// place.
func RegisterOn[A any](ctx context.Context, j *Journal, actor Actor, s Stream, load Loader[A], decide Decision[A]) (Placed, error) {
	for attempt := 0; ; attempt++ {
		now := j.Now()
		a, sp, err := load(ctx)
		if err != nil {
			return Placed{}, err
		}
		events, err := decide(a, now)
		if err != nil {
			return Placed{}, err
		}
		if len(events) == 0 {
			return Placed{Version: 0, Position: sp.First}, nil
		}
		res, err := j.Append(ctx, actor, s, eventstore.NoStream, events, now)
		// Losing the race to a concurrent retry of the same request is not a
		// conflict: decide once more on what that retry wrote.
		if attempt == 0 && IsStale(err) {
			continue
		}
		return Placed{Version: res.LastVersion, Position: res.LastPosition}, err
	}
}

// RegisterOnLatest is RegisterOn whose retry answers with the stream as it
// is now, not with the registration's place: for a registration that may
// write more than one event (an entry logged with a follow-up) or whose
// aggregate may have moved on since (a matter resent after a change), the
// caller's next change must expect the stream's current version.
func RegisterOnLatest[A any](ctx context.Context, j *Journal, actor Actor, s Stream, load Loader[A], decide Decision[A]) (Placed, error) {
	var seen Span
	watched := func(ctx context.Context) (A, Span, error) {
		a, sp, err := load(ctx)
		seen = sp
		return a, sp, err
	}
	p, err := RegisterOn(ctx, j, actor, s, watched, decide)
	if err == nil && seen.Found {
		p = Placed{Version: seen.Version, Position: seen.Last}
	}
	return p, err
}

// ChangeOn runs a decision on the existing aggregate of stream s that the
// caller last saw at version expected. The aggregate's own refusals (not
// found, erased, invalid) come first; then a stale view is a conflict even
// when the decision is a no-op, since the caller decided on a state that
// is gone.
func ChangeOn[A any](ctx context.Context, j *Journal, actor Actor, s Stream, expected uint64, load Loader[A], decide Decision[A]) (Placed, error) {
	now := j.Now()
	a, sp, err := load(ctx)
	if err != nil {
		return Placed{}, err
	}
	events, err := decide(a, now)
	if err != nil {
		return Placed{}, err
	}
	if !sp.Found || sp.Version != expected {
		return Placed{}, s.Stale(expected)
	}
	if len(events) == 0 {
		return Placed{Version: sp.Version, Position: sp.Last}, nil
	}
	res, err := j.Append(ctx, actor, s, eventstore.Exact(expected), events, now)
	return Placed{Version: res.LastVersion, Position: res.LastPosition}, err
}

// Actor is who is acting, and on behalf of which request. Every command
// carries one explicitly, so that each event records its author.
type Actor struct {
	// ID is the staff member's (or system job's) ID: never a name or an
	// e-mail address, since it is stored in every event's metadata.
	ID string
	// CorrelationID ties the events to the request that caused them (the
	// HTTP request ID), for tracing through logs and projections.
	CorrelationID string
	// Unseen reports the contacts this actor may not know of (ethical
	// walls); nil when there are none. A command that looks a contact up
	// for this actor treats an unseen one as one that does not exist, so
	// that its answer never tells a walled contact from an unknown ID.
	Unseen func(contactID string) bool
	// Restricted reports the persons whose processing is restricted (art.
	// 18) and whom this actor may not process; nil when none. They are
	// kept, not linked to anything new (a party, a task, a log entry), and
	// such a link answers as for an unknown ID.
	Restricted func(contactID string) bool
}

// Sees reports whether the actor may know of the contact.
func (a Actor) Sees(contactID string) bool { return a.Unseen == nil || !a.Unseen(contactID) }

// Check refuses a command that nobody is accountable for.
func (a Actor) Check() error {
	if strings.TrimSpace(a.ID) == "" {
		return domain.Forbidden("no one is signed in to make this change").WithCode("auth.actor_required")
	}
	return nil
}

// NewID returns the canonical form of the UUID a client chose for a new
// record (so that a retry lands on the same stream), or a fresh UUIDv7 when
// it chose none; what is not a UUID is refused with notUUID.
func NewID(chosen string, notUUID error) (string, error) {
	if chosen == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return "", domain.Internal(err)
		}
		return id.String(), nil
	}
	id, err := uuid.Parse(chosen)
	if err != nil {
		return "", notUUID
	}
	return id.String(), nil
}

// ExistingID returns the canonical form of an existing record's ID; what
// is not a UUID names no record, and is refused with notFound.
func ExistingID(id string, notFound error) (string, error) {
	u, err := uuid.Parse(id)
	if err != nil {
		return "", notFound
	}
	return u.String(), nil
}

// CanonicalID writes a UUID in its canonical form and leaves anything else
// as it is: a wall must name records and people exactly as their streams do.
func CanonicalID(id string) string {
	if u, err := uuid.Parse(id); err == nil {
		return u.String()
	}
	return id
}

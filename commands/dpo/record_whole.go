package dpo

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
)

// An impact assessment and a processor are recorded the same way: whole,
// as the DPO's form or the API sends them, each in a stream of its own;
// new (under the ID the caller chose, for safe resending, else a new one)
// or a new version from the version the DPO saw. A wholeEntry is what
// differs between them: the stream, the refusals' codes, the aggregate.
type wholeEntry[A interface {
	Apply(domain.Event)
	Exists() bool
}] struct {
	fresh     func() A
	stream    func(id string) string
	staleCode string
	badID     func() error // a chosen ID that is not a UUID
	notFound  func() error
}

// recordWhole places the entry's events, which record decides from the
// entry as it stands (id is the entry's, chosen or made).
func recordWhole[A interface {
	Apply(domain.Event)
	Exists() bool
}](ctx context.Context, j *journal.Journal, actor journal.Actor, isNew bool, expected uint64, chosenID string,
	k wholeEntry[A], record func(a A, id string, now time.Time) ([]domain.Event, error)) (string, journal.Placed, error) {
	var id string
	var err error
	if isNew {
		id, err = journal.NewID(chosenID, k.badID())
	} else {
		id, err = journal.ExistingID(chosenID, k.notFound())
	}
	if err != nil {
		return "", journal.Placed{}, err
	}
	s := journal.Stream{Name: k.stream(id), StaleCode: k.staleCode}
	load := func(ctx context.Context) (A, journal.Span, error) {
		a := k.fresh()
		sp, err := j.Replay(ctx, s.Name, "", func(ev domain.Event, _ bool) { a.Apply(ev) })
		return a, sp, err
	}
	decide := func(a A, now time.Time) ([]domain.Event, error) {
		if !isNew && !a.Exists() {
			return nil, k.notFound()
		}
		return record(a, id, now)
	}
	var placed journal.Placed
	if isNew {
		placed, err = journal.RegisterOnLatest(ctx, j, actor, s, load, decide)
	} else {
		placed, err = journal.ChangeOn(ctx, j, actor, s, expected, load, decide)
	}
	return id, placed, err
}

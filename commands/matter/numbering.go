package matter

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// maxReserveAttempts bounds how often one opening retries a lost race for
// a number; each loss means another matter got one, so this is reached
// only by a flood of openings.
const maxReserveAttempts = 200

// numbering keeps each year's numbering stream as read so far: a stream
// only grows, so a reservation reads on from where the last one stopped.
// One reservation at a time per process (turn); instances race through
// the exact expected version.
type numbering struct {
	turn      chan struct{}
	years     map[int]*domainmatter.Numbering
	confirmed map[string]bool // matter IDs seen opened
}

func newNumbering() *numbering {
	return &numbering{turn: make(chan struct{}, 1), years: map[int]*domainmatter.Numbering{}, confirmed: map[string]bool{}}
}

// A reservation whose matter is still not opened voidGrace after it was
// made stopped half-way (a crash between the two appends): the next
// reservation voids it, so every number is accounted for. Only the last
// voidWindow reservations are asked, each at most once once seen opened.
const (
	voidGrace  = 2 * time.Minute
	voidWindow = 20
)

// reserve returns matterID's number in the year of now (the firm's
// calendar): the one it already holds, or the next free one. See the
// matter package doc for why this leaves no gaps.
func (r *Matters) reserve(ctx context.Context, actor journal.Actor, matterID string, now time.Time) (string, error) {
	select {
	case r.numbers.turn <- struct{}{}:
		defer func() { <-r.numbers.turn }()
	case <-ctx.Done():
		return "", domain.Internal(ctx.Err())
	}
	year := now.In(r.location).Year()
	n := r.numbers.years[year]
	if n == nil {
		n = new(domainmatter.Numbering)
		r.numbers.years[year] = n
	}
	for range maxReserveAttempts {
		if err := r.readNumbers(ctx, year, n); err != nil {
			return "", err
		}
		number, events := n.Reserve(year, matterID)
		if len(events) == 0 {
			return number, nil
		}
		voids, err := r.voidsFor(ctx, year, n, matterID, now)
		if err != nil {
			return "", err
		}
		events = append(voids, events...)
		_, err = r.journal.Append(ctx, actor, numberingStream(year), nextOf(n), events, now)
		if !journal.IsStale(err) {
			return number, err
		}
	}
	return "", domain.Conflict("too many matters are being opened at once; try again").WithCode("matter.number.busy")
}

// voidsFor are the voids of the recent reservations of year whose matters
// were never opened (their streams do not exist) voidGrace after.
func (r *Matters) voidsFor(ctx context.Context, year int, n *domainmatter.Numbering, matterID string, now time.Time) ([]domain.Event, error) {
	var voids []domain.Event
	for _, res := range n.Unconfirmed(voidWindow, now.Add(-voidGrace)) {
		if res.MatterID == matterID || r.numbers.confirmed[res.MatterID] {
			continue
		}
		_, opened, err := r.journal.First(ctx, domainmatter.StreamName(res.MatterID))
		if err != nil {
			return nil, err
		}
		if opened {
			r.numbers.confirmed[res.MatterID] = true
			continue
		}
		voids = append(voids, n.Void(year, res))
	}
	return voids, nil
}

// nextOf is the expectation of the append that reserves n's next number.
func nextOf(n *domainmatter.Numbering) eventstore.ExpectedVersion {
	if n.Reserved() == 0 {
		return eventstore.NoStream
	}
	return eventstore.Exact(n.Reserved() - 1)
}

func numberingStream(year int) journal.Stream {
	return journal.Stream{Name: domainmatter.NumberingStream(year), StaleCode: "matter.number.busy"}
}

// readNumbers applies to n what year's stream holds beyond it.
func (r *Matters) readNumbers(ctx context.Context, year int, n *domainmatter.Numbering) error {
	return r.journal.Read(ctx, domainmatter.NumberingStream(year), n.Reserved(), func(env eventstore.Envelope) error {
		d, err := r.journal.Decode(ctx, env)
		if err != nil {
			return journal.AsDomainError(err)
		}
		n.ApplyAt(d.Event, env.RecordedAt)
		return nil
	})
}

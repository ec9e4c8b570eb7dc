package commands

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
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
	turn  chan struct{}
	years map[int]*matter.Numbering
}

func newNumbering() *numbering {
	return &numbering{turn: make(chan struct{}, 1), years: map[int]*matter.Numbering{}}
}

// reserve returns matterID's number in the year of now (the firm's
// calendar): the one it already holds, or the next free one. See the
// matter package doc for why this leaves no gaps.
func (r *Matters) reserve(ctx context.Context, actor Actor, matterID string, now time.Time) (string, error) {
	select {
	case r.numbers.turn <- struct{}{}:
		defer func() { <-r.numbers.turn }()
	case <-ctx.Done():
		return "", domain.Internal(ctx.Err())
	}
	year := now.In(r.location).Year()
	n := r.numbers.years[year]
	if n == nil {
		n = new(matter.Numbering)
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
		_, err := r.append(ctx, actor, numberingStream(year), nextOf(n), events, now)
		if !isStale(err) {
			return number, err
		}
	}
	return "", domain.Conflict("too many matters are being opened at once; try again").WithCode("matter.number.busy")
}

// nextOf is the expectation of the append that reserves n's next number.
func nextOf(n *matter.Numbering) eventstore.ExpectedVersion {
	if n.Reserved() == 0 {
		return eventstore.NoStream
	}
	return eventstore.Exact(n.Reserved() - 1)
}

func numberingStream(year int) stream {
	return stream{name: matter.NumberingStream(year), staleCode: "matter.number.busy"}
}

// readNumbers applies to n what year's stream holds beyond it.
func (r *Matters) readNumbers(ctx context.Context, year int, n *matter.Numbering) error {
	for {
		envs, err := r.store.ReadStream(ctx, matter.NumberingStream(year), n.Reserved(), pageSize)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return nil
		}
		if err != nil {
			return asDomainError(err)
		}
		for _, env := range envs {
			d, err := r.codec.Decode(ctx, env)
			if err != nil {
				return asDomainError(err)
			}
			n.Apply(d.Event)
		}
		if len(envs) < pageSize {
			return nil
		}
	}
}

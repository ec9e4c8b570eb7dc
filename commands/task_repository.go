package commands

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// StaffRoster answers whether the people and teams work is given to exist.
// The staff read model implements it (the lead wires an adapter over
// projections/staff); the work commands refuse an unknown assignee with it.
type StaffRoster interface {
	// ActiveStaff reports whether staffID is a registered, active member.
	ActiveStaff(ctx context.Context, staffID string) (bool, error)
	// KnownTeam reports whether some member belongs to team.
	KnownTeam(ctx context.Context, team string) (bool, error)
}

// Work is the repository of tasks, deadlines and workflow templates that
// every work command handler shares.
type Work struct {
	journal
	roster StaffRoster
}

// NewWork returns the repository. The codec must have work.Events()
// registered; clock is the only source of "now".
func NewWork(store EventStore, codec EventCodec, clock func() time.Time, roster StaffRoster) (*Work, error) {
	j, err := newJournal("NewWork", store, codec, clock)
	if err != nil {
		return nil, err
	}
	if roster == nil {
		return nil, errors.New("commands.NewWork: a staff roster is required")
	}
	return &Work{journal: j, roster: roster}, nil
}

// WorkResult tells the caller where a command left a task, a deadline or
// a template.
type WorkResult struct {
	ID       string              // the task's or deadline's canonical UUID, or the template's practice area
	Version  uint64              // send it back as ExpectedVersion with the next change
	Position eventstore.Position // wait for the work projection to pass it (read-your-writes)
}

func workResult(id string, p placed, err error) (WorkResult, error) {
	if err != nil {
		return WorkResult{}, err
	}
	return WorkResult{ID: id, Version: p.version, Position: p.position}, nil
}

// requireWork is the nil check every work handler constructor shares.
func requireWork(handler string, w *Work) error {
	if w == nil {
		return errors.New("commands." + handler + ": work repository is required")
	}
	return nil
}

// replayWork is journal.replay for the work aggregates, whose subject (a
// matter, a contact, the task itself) is only known from the first event:
// each of their events seals with one subject at most, so any erased
// subject means theirs.
func (r *Work) replayWork(ctx context.Context, name string, apply func(ev domain.Event, erased bool)) (span, error) {
	var sp span
	for from := uint64(0); ; {
		envs, err := r.store.ReadStream(ctx, name, from, pageSize)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return sp, nil
		}
		if err != nil {
			return sp, asDomainError(err)
		}
		for _, env := range envs {
			d, err := r.codec.Decode(ctx, env)
			if err != nil && !domain.IsKind(err, domain.KindErased) {
				return sp, asDomainError(err)
			}
			apply(d.Event, err != nil || len(d.Erased) > 0)
			sp.record(env)
		}
		if len(envs) < pageSize {
			return sp, nil
		}
		from = envs[len(envs)-1].Version + 1
	}
}

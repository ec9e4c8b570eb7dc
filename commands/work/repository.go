package work

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
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
	journal journal.Journal
	roster  StaffRoster
}

// NewWork returns the repository. The codec must have work.Events()
// registered; clock is the only source of "now".
func NewWork(store journal.EventStore, codec journal.EventCodec, clock func() time.Time, roster StaffRoster) (*Work, error) {
	j, err := journal.New("NewWork", store, codec, clock)
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

func workResult(id string, p journal.Placed, err error) (WorkResult, error) {
	if err != nil {
		return WorkResult{}, err
	}
	return WorkResult{ID: id, Version: p.Version, Position: p.Position}, nil
}

// requireWork is the nil check every work handler constructor shares.
func requireWork(handler string, w *Work) error {
	if w == nil {
		return errors.New("commands." + handler + ": work repository is required")
	}
	return nil
}

package projections

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/klient-crm/klient/eventstore"
)

// ProjectorStatus is one line of `klient projections status`.
type ProjectorStatus struct {
	Name          string
	Version       int                 // the running code's version
	StoredVersion int                 // the version its tables hold; 0 before the first run
	Position      eventstore.Position // checkpoint: the last event applied
	EventsApplied uint64              // since the tables were (re)built
	Status        string              // StatusNew, StatusRunning, …
	LastError     string              // why it failed; never personal data
	UpdatedAt     time.Time
	Lag           uint64 // events in the log after Position
	Running       bool   // some instance holds its lock
	RunningHere   bool   // this instance does
}

// Status reports every projector of the runtime, in order.
func (rt *Runtime) Status(ctx context.Context) ([]ProjectorStatus, error) {
	return rt.statuses(ctx, true)
}

// Health is Status without Lag: it reads the checkpoints and the locks,
// never the log. /readyz asks it: counting the events after each
// checkpoint pages through the log on an event store without LogCounter
// (EventStoreDB), which made pods flap during a long catch-up (issue 13).
func (rt *Runtime) Health(ctx context.Context) ([]ProjectorStatus, error) {
	return rt.statuses(ctx, false)
}

func (rt *Runtime) statuses(ctx context.Context, lag bool) ([]ProjectorStatus, error) {
	out := make([]ProjectorStatus, 0, len(rt.order))
	for _, name := range rt.order {
		s, err := rt.status(ctx, rt.runners[name], lag)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (rt *Runtime) status(ctx context.Context, r *runner, lag bool) (ProjectorStatus, error) {
	c, found, err := readCheckpoint(ctx, rt.cfg.Pool, r.name)
	if err != nil {
		return ProjectorStatus{}, err
	}
	s := ProjectorStatus{Name: r.name, Version: r.p.Version(), Status: StatusNew}
	if found {
		s.StoredVersion, s.Position, s.EventsApplied = c.Version, c.Position, c.EventsApplied
		s.Status, s.LastError, s.UpdatedAt = c.Status, c.LastError, c.UpdatedAt
	}
	if lag {
		if s.Lag, _, err = countAfter(ctx, rt.cfg.Store, s.Position); err != nil {
			return s, err
		}
	}
	_, s.RunningHere, _ = r.state.current()
	s.Running, err = lockHeld(ctx, rt, r.name)
	return s, err
}

// lockHeld asks pg_locks whether any session holds name's advisory lock. A
// bigint key is stored as classid (high half) and objid (low half).
func lockHeld(ctx context.Context, rt *Runtime, name string) (bool, error) {
	key := uint64(lockKey(name))
	var held bool
	err := rt.cfg.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'
		AND classid::bigint = $1 AND objid::bigint = $2 AND objsubid = 1 AND granted
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))`,
		int64(key>>32), int64(key&0xffffffff)).Scan(&held)
	if err != nil {
		return false, fmt.Errorf("projections: read lock of %s: %w", name, err)
	}
	return held, nil
}

// SetUp reports whether every projector has set up the tables of the
// version it runs: what jobs beside the projectors wait for before they
// read the read models. It reads the checkpoints only, so it is cheap to
// poll while a long catch-up runs.
func (rt *Runtime) SetUp(ctx context.Context) (bool, error) {
	for _, name := range rt.order {
		c, found, err := readCheckpoint(ctx, rt.cfg.Pool, name)
		if err != nil || !found || c.Version != rt.runners[name].p.Version() {
			return false, err
		}
	}
	return true, nil
}

// Progress is how far one projector has come, read from its checkpoint
// alone (no count of the log), cheap enough to sample every second during
// a long catch-up.
type Progress struct {
	Name          string
	Position      eventstore.Position
	EventsApplied uint64
	Current       bool // the checkpoint belongs to the running code's version
}

// Progress reads every projector's checkpoint, in order.
func (rt *Runtime) Progress(ctx context.Context) ([]Progress, error) {
	out := make([]Progress, 0, len(rt.order))
	for _, name := range rt.order {
		c, found, err := readCheckpoint(ctx, rt.cfg.Pool, name)
		if err != nil {
			return nil, err
		}
		out = append(out, Progress{Name: name, Position: c.Position, EventsApplied: c.EventsApplied,
			Current: found && c.Version == rt.runners[name].p.Version()})
	}
	return out, nil
}

// Rebuilding names this runtime's projectors whose read models are being
// rebuilt (emptied, the log replaying into them): until they are done, a
// list or a page answered from them is incomplete and must say so.
func (rt *Runtime) Rebuilding(ctx context.Context) ([]string, error) {
	rows, err := rt.cfg.Pool.Query(ctx, `SELECT name FROM projector_checkpoints
		WHERE status = $1 AND name = ANY($2) ORDER BY name`, StatusRebuilding, rt.order)
	if err != nil {
		return nil, fmt.Errorf("projections: rebuilding: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("projections: rebuilding: %w", err)
	}
	return names, nil
}

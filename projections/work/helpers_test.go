package work_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/klient-crm/klient/projections/projtest"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/commands/journal"
	workcmd "github.com/klient-crm/klient/commands/work"
	domainwork "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/work"
)

// clock is the tests' injectable "now", shared by commands and engines.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }
func stockholm(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, domainwork.Stockholm())
}

// roster knows two active members and the team tvist.
type roster struct{ staff []string }

func (r roster) ActiveStaff(_ context.Context, id string) (bool, error) {
	return slices.Contains(r.staff, id), nil
}
func (roster) KnownTeam(_ context.Context, team string) (bool, error) { return team == "tvist", nil }

// world is one test's database with the real store, keyring, codec, the
// work commands and a projections runtime holding the work projector.
type world struct {
	*projtest.World
	clock    *clock
	work     *workcmd.Work
	anna, bo string
	actor    journal.Actor
}

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{World: projtest.New(t, projtest.Config{Projectors: []projections.Projector{work.NewProjector()},
		Events: domainwork.Events(), Migrations: []pgmigrate.Set{work.Migrations()}}),
		clock: &clock{now: stockholm(2026, 3, 16, 9, 0)}, anna: uuid.NewString(), bo: uuid.NewString()}
	w.actor = journal.Actor{ID: w.anna, CorrelationID: "req-1"}
	var err error
	w.work, err = workcmd.NewWork(w.Store, w.Codec, w.clock.Now, roster{staff: []string{w.anna, w.bo}})
	must(t, err)
	return w
}

// caughtUp waits until the read model holds everything in the log.
func (w *world) caughtUp() {
	w.T.Helper()
	// The last committed event, read from the table: ReadAll holds back
	// events while older transactions (the runtime's own) are open.
	var last eventstore.Position
	err := w.Pool.QueryRow(context.Background(), `SELECT xid, seq FROM events ORDER BY xid DESC, seq DESC LIMIT 1`).
		Scan(&last.Commit, &last.Prepare)
	if errors.Is(err, pgx.ErrNoRows) {
		return
	}
	must(w.T, err)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	must(w.T, w.RT.WaitFor(ctx, "work", last))
}

var must = projtest.Must

package work_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	workcmd "github.com/klient-crm/klient/commands/work"
	domainwork "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/projections/work"
)

// raisedInLog counts the ReminderRaised events in the log by deadline and
// reminder index: the truth the engines must keep to one each.
func (w *world) raisedInLog(t *testing.T) map[string]int {
	t.Helper()
	rows, err := w.Pool.Query(context.Background(), `SELECT data FROM events WHERE type = $1`, domainwork.TypeReminderRaised)
	must(t, err)
	data, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	must(t, err)
	out := map[string]int{}
	for _, d := range data {
		var e domainwork.ReminderRaised
		must(t, json.Unmarshal(d, &e))
		out[fmt.Sprintf("%s/%d", e.DeadlineID, e.ReminderIndex)]++
	}
	return out
}

// runEngines runs engines side by side, as several `klient serve` would,
// until the read model shows want reminders raised and a few more looks
// have passed, then stops them.
func (w *world) runEngines(t *testing.T, want int, engines ...*work.ReminderEngine) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, e := range engines {
		wg.Go(func() { _ = e.Run(ctx) })
	}
	defer func() { cancel(); wg.Wait() }()
	deadline := time.Now().Add(20 * time.Second)
	for sum(w.raisedInLog(t)) < want && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	w.caughtUp()
	time.Sleep(200 * time.Millisecond) // many more looks, now against an up-to-date read model
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func TestTwoEnginesRaiseEachReminderExactlyOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t) // now: Monday 16 March 2026, 09:00 in Stockholm
	matter := newID()
	d1 := w.deadline(matter, "Huvudförhandling", "2026-03-20", "", 7, 1, 0) // 7 days before: due since the 13th
	d2 := w.deadline(matter, "Muntlig förberedelse", "2026-03-17", "10:00", 1)
	d3 := w.deadline(matter, "Inställd", "2026-03-18", "", 5)
	w.deadline(matter, "Preskription", "2026-09-01", "", 30)
	update, err := workcmd.NewDeadlineUpdateHandler(w.work)
	must(t, err)
	_, err = update.HandleCancel(context.Background(), workcmd.CloseDeadline{Actor: w.actor, DeadlineID: d3})
	must(t, err)
	w.Run()
	w.caughtUp()

	w.runEngines(t, 2, w.engine(t), w.engine(t))
	want := map[string]int{d1 + "/0": 1, d2 + "/0": 1}
	if got := w.raisedInLog(t); !equal(got, want) {
		t.Fatalf("two engines raised %v, want %v", got, want)
	}

	// A restart: fresh engines find nothing left to raise until the clock
	// reaches the next reminders (the 19th at 08:00), then raise each once.
	restarted := w.engine(t)
	if n, err := restarted.Tick(context.Background()); err != nil || n != 0 {
		t.Fatalf("after a restart the engine raised %d, %v", n, err)
	}
	w.clock.Set(time.Date(2026, 3, 20, 8, 0, 0, 0, domainwork.Stockholm()))
	w.runEngines(t, 4, restarted, w.engine(t))
	want[d1+"/1"], want[d1+"/2"] = 1, 1
	if got := w.raisedInLog(t); !equal(got, want) {
		t.Fatalf("after the restart %v, want %v", got, want)
	}
	if n, err := w.engine(t).Tick(context.Background()); err != nil || n != 0 {
		t.Fatalf("a last look raised %d, %v", n, err)
	}
}

func equal(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

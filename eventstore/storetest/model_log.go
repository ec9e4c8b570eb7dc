package storetest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"pgregory.net/rapid"

	"github.com/klient-crm/klient/eventstore"
)

// logFollower is a subscription to the whole log that keeps the run's
// events. When it ends with an error (a lost leader), it subscribes again
// from the last event it was handed, as the projections runtime does from
// its checkpoint.
type logFollower struct {
	run  *modelRun
	stop context.CancelFunc
	done chan struct{}
	mu   sync.Mutex
	got  []eventstore.Envelope
}

func (m *modelRun) follow() *logFollower {
	ctx, cancel := context.WithCancel(context.Background())
	f := &logFollower{run: m, stop: cancel, done: make(chan struct{})}
	go f.loop(ctx)
	return f
}

func (f *logFollower) loop(ctx context.Context) {
	defer close(f.done)
	after := eventstore.Start
	for ctx.Err() == nil {
		sub, err := f.run.target.Store.SubscribeAll(ctx, after)
		if err != nil {
			sleepFor(ctx, 50*time.Millisecond)
			continue
		}
		for {
			e, err := sub.Next(ctx)
			if err != nil {
				break
			}
			after = e.Position
			if f.run.isMine(e.ID) {
				f.mu.Lock()
				f.got = append(f.got, e)
				f.mu.Unlock()
			}
		}
		_ = sub.Close()
	}
}

func (f *logFollower) seen() []eventstore.Envelope {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.got)
}

func sleepFor(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func (m *modelRun) isMine(id uuid.UUID) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.mine[id]
}

// checkLog compares the streams as they ended with the whole log and with
// what the subscription delivered: every event once, each stream's events
// in the stream's order, positions strictly increasing, the subscription
// in the log's order.
func (m *modelRun) checkLog(rt *rapid.T, f *logFollower) {
	defer func() { f.stop(); <-f.done }()
	want := map[uuid.UUID]bool{}
	var streams [][]uuid.UUID
	for i := range m.streams {
		evs, err := m.target.Store.ReadStream(context.Background(), m.stream(i), 0, 1000)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			continue
		}
		if err != nil {
			rt.Fatalf("read %s: %v", m.stream(i), err)
		}
		var ids []uuid.UUID
		for _, e := range evs {
			ids = append(ids, e.ID)
			want[e.ID] = true
		}
		streams = append(streams, ids)
	}
	all := m.awaitAll(rt, len(want))
	var order []uuid.UUID
	for i, e := range all {
		if !want[e.ID] || slices.Contains(order, e.ID) {
			rt.Fatalf("the log holds %s, which no stream holds once, at %s", e.ID, e.Position)
		}
		if i > 0 && !all[i-1].Position.Less(e.Position) {
			rt.Fatalf("the log goes from %s back to %s", all[i-1].Position, e.Position)
		}
		order = append(order, e.ID)
	}
	for _, ids := range streams {
		var inLog []uuid.UUID
		for _, id := range order {
			if slices.Contains(ids, id) {
				inLog = append(inLog, id)
			}
		}
		if !slices.Equal(inLog, ids) {
			rt.Fatalf("the log orders a stream's events %v, the stream %v", short(inLog), short(ids))
		}
	}
	m.awaitFollower(rt, f, order)
}

// awaitAll reads the run's events from the whole log until n are visible.
func (m *modelRun) awaitAll(rt *rapid.T, n int) []eventstore.Envelope {
	deadline := time.Now().Add(patience)
	for {
		var mine []eventstore.Envelope
		after := eventstore.Start
		for {
			page, err := m.target.Store.ReadAll(context.Background(), after, 500)
			if err != nil {
				rt.Fatalf("read all: %v", err)
			}
			for _, e := range page {
				if m.isMine(e.ID) {
					mine = append(mine, e)
				}
			}
			if len(page) < 500 {
				break
			}
			after = page[len(page)-1].Position
		}
		if len(mine) >= n || time.Now().After(deadline) {
			return mine
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// awaitFollower waits until the subscription has delivered the log's
// events, lets it run a little longer, and wants exactly those, in order.
func (m *modelRun) awaitFollower(rt *rapid.T, f *logFollower, order []uuid.UUID) {
	deadline := time.Now().Add(patience)
	for len(f.seen()) < len(order) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // anything delivered twice shows now
	got := f.seen()
	ids := make([]uuid.UUID, len(got))
	for i, e := range got {
		ids[i] = e.ID
	}
	if !slices.Equal(ids, order) {
		rt.Fatalf("the subscription delivered %v, the log holds %v", short(ids), short(order))
	}
}

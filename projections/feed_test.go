package projections_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

// Projectors that start together read the log once and open each event
// once between them (issue 19), and each still applies every event exactly
// once.
func TestFeedReadsAndOpensEachEventOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	const events, projectors = 3000, 4
	head := w.appendTicks(events, 100)
	w.readable(head)
	store, codec := &countingStore{Store: w.store}, &countingDecoder{Decoder: w.codec}
	var ps []projections.Projector
	for i := range projectors {
		ps = append(ps, &counter{name: fmt.Sprintf("counter_%d", i)})
	}
	rt := w.runtimeOf(projections.Config{Store: store, Codec: codec, Projectors: ps, BatchSize: 200})
	start(t, rt)
	for _, p := range ps {
		waitFor(t, rt, p.Name(), head)
	}
	for _, p := range ps {
		if n := queryInt(t, w.pool, `SELECT count(DISTINCT event_id) FROM `+p.Name()); n != events {
			t.Errorf("%s applied %d distinct events, want %d", p.Name(), n, events)
		}
		if n := queryInt(t, w.pool, `SELECT count(*) FROM `+p.Name()); n != events {
			t.Errorf("%s holds %d rows, want each of the %d events once", p.Name(), n, events)
		}
	}
	if got := codec.decoded.Load(); got != events {
		t.Errorf("%d projectors opened %d events in all, want each of the %d once", projectors, got, events)
	}
	if got := store.subscriptions.Load(); got != 1 {
		t.Errorf("%d projectors opened %d subscriptions, want one shared reader", projectors, got)
	}
}

// A slow projector holds the others back to the feed's window, so memory
// stays bounded; and a projector rebuilt while the others stand at the head
// reads the log on its own and still gets every event.
func TestFeedWindowBoundsTheConvoyAndARebuildReadsAlone(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	const events, window, batch = 4000, 600, 100
	head := w.appendTicks(events, 100)
	w.readable(head)
	slow := &counter{name: "counter_slow"}
	slow.delay.Store(int64(20 * time.Millisecond))
	fast := &counter{name: "counter_fast"}
	rt := w.runtimeOf(projections.Config{Projectors: []projections.Projector{slow, fast}, BatchSize: batch, FeedWindow: window})
	start(t, rt)
	widest := uint64(0)
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var gap, least, both int64 // both checkpoints as of one snapshot
		must(t, w.pool.QueryRow(context.Background(), `SELECT coalesce(max(events_applied) - min(events_applied), 0),
			coalesce(min(events_applied), 0), count(*) FROM projector_checkpoints
			WHERE name IN ('counter_slow', 'counter_fast')`).Scan(&gap, &least, &both))
		if both == 2 {
			widest = max(widest, uint64(gap))
		}
		if both == 2 && least >= events {
			break
		}
	}
	// The window may overflow by the page being read, and the slow one's
	// checkpoint trails the batch it is applying.
	if widest > window+2*batch {
		t.Errorf("the fast projector ran %d events ahead of the slow one, beyond the window of %d", widest, window)
	}
	slow.delay.Store(0)
	must(t, rt.Rebuild(context.Background(), "counter_fast", nil))
	if n := queryInt(t, w.pool, `SELECT count(*) FROM counter_fast`); n != events {
		t.Errorf("the rebuilt projector holds %d rows, want %d", n, events)
	}
}

// runtimeOf builds a runtime on w with cfg's projectors; a nil store or
// codec is w's own.
func (w *world) runtimeOf(cfg projections.Config) *projections.Runtime {
	w.t.Helper()
	cfg.Pool, cfg.Logger, cfg.LockRetry, cfg.PollInterval = w.pool, testLogger(w.t), 200*time.Millisecond, 20*time.Millisecond
	if cfg.Store == nil {
		cfg.Store = w.store
	}
	if cfg.Codec == nil {
		cfg.Codec = w.codec
	}
	rt, err := projections.New(cfg)
	must(w.t, err)
	return rt
}

// counter writes one row per event it applies, and may take its time.
type counter struct {
	name  string
	delay atomic.Int64 // nanoseconds
}

func (c *counter) Name() string { return c.name }
func (c *counter) Version() int { return 1 }
func (c *counter) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `CREATE TABLE `+c.name+` (event_id uuid NOT NULL)`)
	return err
}
func (c *counter) Drop(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `DROP TABLE IF EXISTS `+c.name)
	return err
}
func (c *counter) Apply(ctx context.Context, tx pgx.Tx, batch []eventstore.Decoded) error {
	time.Sleep(time.Duration(c.delay.Load()))
	rows := make([][]any, len(batch))
	for i, d := range batch {
		rows[i] = []any{d.ID}
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{c.name}, []string{"event_id"}, pgx.CopyFromRows(rows))
	return err
}

type countingStore struct {
	eventstore.Store
	subscriptions atomic.Int64
}

func (s *countingStore) SubscribeAll(ctx context.Context, after eventstore.Position) (eventstore.Subscription, error) {
	s.subscriptions.Add(1)
	return s.Store.SubscribeAll(ctx, after)
}

type countingDecoder struct {
	projections.Decoder
	decoded atomic.Int64
}

func (d *countingDecoder) Decode(ctx context.Context, env eventstore.Envelope) (eventstore.Decoded, error) {
	d.decoded.Add(1)
	return d.Decoder.Decode(ctx, env)
}

// Opened events the feed still holds are not handed out after a key may
// have died (a Shred moves the key epoch): a projector rebuilt at once
// opens the log again, so a person erased by shredding stays erased.
func TestFeedDropsWhatItOpenedOnceAKeyDies(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	const events = 1000
	head := w.appendTicks(events, 100)
	w.readable(head)
	codec := &epochDecoder{countingDecoder: countingDecoder{Decoder: w.codec}}
	a, b := &counter{name: "counter_a"}, &counter{name: "counter_b"}
	rt := w.runtimeOf(projections.Config{Codec: codec, Projectors: []projections.Projector{a, b}, BatchSize: 100})
	start(t, rt)
	waitFor(t, rt, a.Name(), head)
	waitFor(t, rt, b.Name(), head)
	opened := codec.decoded.Load()
	codec.epoch.Add(1) // as a Shred does
	must(t, rt.Rebuild(context.Background(), b.Name(), nil))
	if again := codec.decoded.Load() - opened; again < events {
		t.Errorf("after the key epoch moved the rebuild opened %d of %d events itself; the rest came from before", again, events)
	}
}

type epochDecoder struct {
	countingDecoder
	epoch atomic.Uint64
}

func (d *epochDecoder) KeyEpoch() uint64 { return d.epoch.Load() }

// A projector that declares tables to compact has them rewritten once it
// has caught up with a long stretch of the log, and keeps every row; a
// short catch-up leaves them alone.
func TestCompactionAfterALongCatchUp(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	head := w.appendTicks(600, 100)
	w.readable(head)
	long, short := &compacted{counter: counter{name: "counter_long"}}, &compacted{counter: counter{name: "counter_short"}}
	rtLong := w.runtimeOf(projections.Config{Projectors: []projections.Projector{long}, BatchSize: 100, CompactAfter: 500})
	rtShort := w.runtimeOf(projections.Config{Projectors: []projections.Projector{short}, BatchSize: 100, CompactAfter: 1000})
	// VACUUM FULL gives a table a new file: a table never rewritten still
	// has the file it was created with, named after its OID.
	rewritten := func(table string) (yes bool) {
		must(t, w.pool.QueryRow(context.Background(), `SELECT relfilenode <> oid FROM pg_class WHERE relname = $1`, table).Scan(&yes))
		return yes
	}
	start(t, rtLong)
	start(t, rtShort)
	waitFor(t, rtLong, long.Name(), head)
	waitFor(t, rtShort, short.Name(), head)
	deadline := time.Now().Add(20 * time.Second)
	for !rewritten("counter_long") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !rewritten("counter_long") {
		t.Error("the long catch-up left its table uncompacted")
	}
	if n := queryInt(t, w.pool, `SELECT count(*) FROM counter_long`); n != 600 {
		t.Errorf("the compacted table holds %d rows, want 600", n)
	}
	if rewritten("counter_short") {
		t.Error("a catch-up shorter than CompactAfter compacted its table")
	}
}

// compacted is a counter that asks for its table to be compacted.
type compacted struct{ counter }

func (c *compacted) CompactTables() []string { return []string{c.name} }

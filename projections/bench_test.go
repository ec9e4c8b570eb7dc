package projections_test

import (
	"context"
	"testing"
	"time"
)

const benchEvents = 20000

// BenchmarkCatchup measures the runtime alone (subscriber, batches through
// Watermill, decoding, one transaction per batch with the checkpoint) on a
// 20,000-event log with the tally projector, whose Apply is a COPY. Each
// iteration rebuilds through the running runtime. The contacts read model
// has its own benchmark with real SQL.
func BenchmarkCatchup(b *testing.B) {
	w := newWorld(b)
	w.readable(w.appendTicks(benchEvents, 250))
	rt := w.runtimeWith(newTally(1), 500)
	start(b, rt)
	ctx := context.Background()
	began := time.Now()
	for b.Loop() {
		must(b, rt.Rebuild(ctx, "tally", nil))
	}
	b.ReportMetric(float64(benchEvents*b.N)/time.Since(began).Seconds(), "events/s")
}

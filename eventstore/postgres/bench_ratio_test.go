package postgres

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkAppendVsRaw alternates 100 ms of raw inserts with 100 ms of
// appends, b.N rounds, on one database. On a shared machine whose load
// drifts, the ratio it reports is steadier than comparing two separate
// benchmarks run a minute apart.
func BenchmarkAppendVsRaw(b *testing.B) {
	pool := newPool(b, 8)
	insert, appendNew := rawInserter(b, pool), appender(newStoreOn(b, pool), 1)
	for _, w := range benchWriters {
		b.Run(fmt.Sprintf("writers=%d", w), func(b *testing.B) {
			var raw, appended int64
			for range b.N {
				raw += during(b, w, 100*time.Millisecond, insert)
				appended += during(b, w, 100*time.Millisecond, appendNew)
			}
			secs := float64(b.N) * 0.1
			b.ReportMetric(float64(raw)/secs, "raw-events/s")
			b.ReportMetric(float64(appended)/secs, "append-events/s")
			b.ReportMetric(float64(appended)/float64(raw), "append/raw")
		})
	}
}

// during runs op from w goroutines for d and counts the operations.
func during(b *testing.B, w int, d time.Duration, op func(context.Context) error) int64 {
	var n atomic.Int64
	var wg sync.WaitGroup
	stop := time.Now().Add(d)
	for range w {
		wg.Go(func() {
			for time.Now().Before(stop) {
				if err := op(context.Background()); err != nil {
					b.Error(err)
					return
				}
				n.Add(1)
			}
		})
	}
	wg.Wait()
	return n.Load()
}

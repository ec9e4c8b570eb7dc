package postgres

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// A stream's events must come out of ReadAll in the stream's order (the
// port's promise; projectors apply a stream's events in log order). The
// log orders by the writer's transaction ID, which PostgreSQL assigns at
// the transaction's first write: an append that got its ID first but
// then lost the race for the streams row to a later one (two Any appends
// creating one stream: both insert speculatively, the later index entry
// wins) would be placed before the events it follows. Racing appends of
// every expectation to fresh streams, many times over, must never do it.
func TestReadAllKeepsEachStreamsOrderUnderRacingAppends(t *testing.T) {
	s := newStoreOn(t, newPool(t, 12))
	ctx := t.Context()
	const racers = 6
	streams := 0
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); streams++ {
		stream := fmt.Sprintf("race-%d-%d", time.Now().UnixNano(), streams)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for r := range racers {
			wg.Go(func() {
				exp := [...]eventstore.ExpectedVersion{eventstore.Any, eventstore.Any, eventstore.NoStream, eventstore.Exact(0)}[r%4]
				<-start
				_, err := s.Append(ctx, stream, exp, tortureEvents(1+r%3))
				if err != nil && !errors.Is(err, eventstore.ErrWrongExpectedVersion) {
					t.Errorf("append to %s: %v", stream, err)
				}
			})
		}
		close(start)
		wg.Wait()
	}
	last := map[string]uint64{}
	for after := eventstore.Start; ; {
		evs, err := s.ReadAll(ctx, after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) == 0 {
			break
		}
		for _, e := range evs {
			after = e.Position
			if !strings.HasPrefix(e.Stream, "race-") {
				continue
			}
			if v, seen := last[e.Stream]; seen && e.Version != v+1 {
				t.Fatalf("ReadAll gives %s's version %d right after version %d", e.Stream, e.Version, v)
			} else if !seen && e.Version != 0 {
				t.Fatalf("ReadAll gives %s's version %d before its version 0", e.Stream, e.Version)
			}
			last[e.Stream] = e.Version
		}
	}
	t.Logf("%d streams raced by %d appenders each, every stream in order in the log", streams, racers)
}

package storetest

import (
	"errors"
	"sync"
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

var concurrencyChecks = []check{
	{"ConcurrentExactOneWins", concurrentExact},
	{"ConcurrentNoStreamOneWins", concurrentNoStream},
}

const racers = 8

// race lets racers writers append one event each to stream expecting exp,
// all at once, and returns the winners' events and how many conflicted.
func race(t *testing.T, s eventstore.Store, stream string, exp eventstore.ExpectedVersion) (won []eventstore.Envelope, conflicts int) {
	t.Helper()
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		start = make(chan struct{})
	)
	for range racers {
		e := newEvents(t, 1)
		wg.Go(func() {
			<-start
			_, err := s.Append(ctxFor(t), stream, exp, e)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won = append(won, e[0])
			case domain.KindOf(err) == domain.KindConflict && errors.Is(err, eventstore.ErrWrongExpectedVersion):
				conflicts++
			default:
				t.Errorf("racing append: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	return won, conflicts
}

func wantOneWinner(t *testing.T, s eventstore.Store, stream string, won []eventstore.Envelope, conflicts, before int) {
	t.Helper()
	if len(won) != 1 || conflicts != racers-1 {
		t.Fatalf("%d winners and %d conflicts among %d racers, want 1 and %d", len(won), conflicts, racers, racers-1)
	}
	got := readStream(t, s, stream)
	if len(got) != before+1 || got[before].ID != won[0].ID || got[before].Version != uint64(before) {
		t.Errorf("stream holds %d events; want %d with the winner %s at version %d", len(got), before+1, won[0].ID, before)
	}
}

func concurrentExact(t *testing.T, s eventstore.Store) {
	stream := streamName("race")
	mustAppend(t, s, stream, eventstore.NoStream, newEvents(t, 1))
	won, conflicts := race(t, s, stream, eventstore.Exact(0))
	wantOneWinner(t, s, stream, won, conflicts, 1)
}

func concurrentNoStream(t *testing.T, s eventstore.Store) {
	stream := streamName("race")
	won, conflicts := race(t, s, stream, eventstore.NoStream)
	wantOneWinner(t, s, stream, won, conflicts, 0)
}

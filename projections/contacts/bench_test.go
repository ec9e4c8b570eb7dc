package contacts_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
)

const (
	benchContacts  = 2000
	benchPerStream = 10 // a registration and nine changes of details
)

// BenchmarkCatchup measures how fast the contacts projector catches up
// with a log of 20,000 contact events: every iteration rebuilds the read
// model through the running runtime (Watermill subscriber, decoding with
// the keyring, batched SQL), which is what a new deployment or a version
// bump does. "contiguous" appends each contact's ten events at once, so a
// batch holds runs of one contact's changes (coalesced by the projector);
// "interleaved" appends them round by round, so every change of a batch
// touches another contact.
func BenchmarkCatchup(b *testing.B) {
	for _, interleaved := range []bool{false, true} {
		name := map[bool]string{false: "contiguous", true: "interleaved"}[interleaved]
		b.Run(name, func(b *testing.B) {
			w := newWorld(b)
			seed(b, w, interleaved)
			w.Run()
			w.caughtUp()
			start := time.Now()
			for b.Loop() {
				must(b, w.RT.Rebuild(context.Background(), "contacts", nil))
			}
			events := float64(benchContacts * benchPerStream * b.N)
			b.ReportMetric(events/time.Since(start).Seconds(), "events/s")
		})
	}
}

// seed writes the log with a few concurrent writers (as a busy firm would).
func seed(b *testing.B, w *world, interleaved bool) {
	ids := make([]string, benchContacts)
	for i := range ids {
		ids[i] = newID()
	}
	if !interleaved {
		concurrently(benchContacts, func(i int) { w.write(ids[i], benchEvents(ids[i], i, 0, benchPerStream)...) })
		return
	}
	for v := range benchPerStream {
		concurrently(benchContacts, func(i int) { w.write(ids[i], benchEvents(ids[i], i, v, v+1)...) })
	}
}

func benchEvents(id string, i, from, to int) []domain.Event {
	var evs []domain.Event
	for v := from; v < to; v++ {
		if v == 0 {
			evs = append(evs, contact.PersonRegistered{ContactID: id, Details: benchPerson(i, v)})
		} else {
			evs = append(evs, contact.PersonDetailsChanged{ContactID: id, Details: benchPerson(i, v)})
		}
	}
	return evs
}

func concurrently(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range 8 {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

func benchPerson(i, v int) contact.PersonDetails {
	d := person(fmt.Sprintf("Förnamn%d", i), fmt.Sprintf("Efternamn%d-%d", i, v), fmt.Sprintf("19%02d0101-%04d", i%100, i))
	d.Emails = []contact.Email{{Address: fmt.Sprintf("person%d.%d@example.se", i, v)}}
	d.Phones = []contact.Phone{{Number: fmt.Sprintf("+46701%06d", i)}}
	d.Addresses = []contact.Address{{Street: fmt.Sprintf("Gatan %d", v), PostalCode: "111 22", City: "Stockholm", Country: "SE"}}
	return d
}

package esdb

import (
	"errors"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// errDropped is what Next reports when the server or the network ends a
// subscription: the caller subscribes again from its last position.
var errDropped = errors.New("esdb: subscription dropped")

// pump receives from the client until the subscription drops, skipping
// checkpoints, caught-up notices, system events and anything at or before
// the last position handed out.
func (s *subscription) pump(after eventstore.Position) {
	last := after
	for {
		ev := s.sub.Recv()
		if ev.SubscriptionDropped != nil {
			s.fail(domain.Internal(errors.Join(errDropped, ev.SubscriptionDropped.Error)))
			return
		}
		if ev.EventAppeared == nil {
			continue
		}
		r := ev.EventAppeared.OriginalEvent()
		pos := positionOf(r.Position)
		if !last.Less(pos) || isSystem(r) {
			continue
		}
		env, err := fromRecorded(r)
		if err != nil {
			s.fail(err)
			return
		}
		if !s.hand(env) {
			return
		}
		last = pos
	}
}

// hand blocks until Next takes env, or the subscription is closed.
func (s *subscription) hand(env eventstore.Envelope) bool {
	select {
	case s.events <- env:
		return true
	case <-s.closed:
		return false
	}
}

func (s *subscription) fail(err error) {
	s.err = err
	close(s.failed)
	s.end()
}

package journal

import (
	"errors"
	"time"
)

// pageSize is how many events one read of a stream fetches; an aggregate
// rarely has more, so one round trip is the rule.
const pageSize = 500

// Journal is the event store and the codec with the clock: what every
// repository (Contacts, Staff, Walls, …) rebuilds its aggregates from and
// appends their decisions through.
type Journal struct {
	store EventStore
	codec EventCodec
	clock func() time.Time
}

// New returns the journal of a repository; constructor names the
// repository's constructor in the error that refuses a nil dependency.
func New(constructor string, store EventStore, codec EventCodec, clock func() time.Time) (Journal, error) {
	if store == nil || codec == nil || clock == nil {
		return Journal{}, errors.New("commands." + constructor + ": store, codec and clock are all required")
	}
	return Journal{store: store, codec: codec, clock: clock}, nil
}

// Now is the clock's time in UTC: the only "now" a command decides with.
func (j *Journal) Now() time.Time { return j.clock().UTC() }

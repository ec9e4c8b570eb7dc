package esdb

import (
	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/klient-crm/klient/eventstore"
)

// Rechained is an event's stored metadata with its chain field recomputed
// after prev, and the new hash: what someone rewriting the cluster's files
// who knows the hash's definition would write (the audit tests' forger).
func Rechained(prev [eventstore.HashSize]byte, r *kurrentdb.RecordedEvent) ([]byte, [eventstore.HashSize]byte, error) {
	l, err := linkOf(r)
	if err != nil {
		return nil, prev, err
	}
	h := eventstore.ChainHash(prev, l.link)
	return chained(l.link.Metadata, h), h, nil
}

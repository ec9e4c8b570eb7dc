package storetest

import (
	"testing"

	"github.com/klient-crm/klient/eventstore"
)

// check is one conformance case; it gets its own store.
type check struct {
	name string
	run  func(t *testing.T, s eventstore.Store)
}

// Run checks that an adapter honours every promise of the eventstore.Store
// port. Each sub-test asks newStore for its store and runs in parallel with
// the others; newStore registers the store's clean-up (Close) with t.Cleanup.
func Run(t *testing.T, newStore func(t *testing.T) eventstore.Store) {
	t.Helper()
	groups := [][]check{appendChecks, conflictChecks, idempotencyChecks, invalidChecks,
		readStreamChecks, readAllChecks, positionChecks, envelopeChecks, subscribeChecks, concurrencyChecks}
	for _, group := range groups {
		for _, c := range group {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				c.run(t, newStore(t))
			})
		}
	}
}

package storetest

import (
	"testing"

	"github.com/klient-crm/klient/eventstore"
)

// NewStore returns a fresh, empty store for one sub-test; it registers its
// own clean-up with t.Cleanup. The suite calls Close on the store itself.
type NewStore func(t *testing.T) eventstore.Store

// Run checks that an adapter honours every promise of the eventstore.Store
// port. Each sub-test asks newStore for its own store, so adapters may hand
// out one shared store or a fresh one each time: stream names are unique.
func Run(t *testing.T, newStore func(t *testing.T) eventstore.Store) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, newStore)
		})
	}
}

type testCase struct {
	name string
	run  func(t *testing.T, newStore func(t *testing.T) eventstore.Store)
}

// cases is filled by the per-topic files of this package.
var cases []testCase

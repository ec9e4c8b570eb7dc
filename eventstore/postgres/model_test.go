package postgres

import (
	"testing"

	"github.com/klient-crm/klient/eventstore/storetest"
)

// TestModel checks random concurrent histories of appends, resends and
// reads for linearizability, and the log and a subscription against them.
func TestModel(t *testing.T) {
	storetest.Model(t, storetest.ModelTarget{Store: newTestStore(t)})
}

package esdb_test

import (
	"os"
	"testing"

	"github.com/klient-crm/klient/eventstore/esdb/standin"
	"github.com/klient-crm/klient/eventstore/storetest"
)

// TestModelOnStandInCluster checks random concurrent histories of appends,
// resends and reads on a three-node cluster whose leader is lost at a
// random moment (and comes back as a follower) for linearizability, and the
// log and a subscription that follows it across the loss against them.
func TestModelOnStandInCluster(t *testing.T) {
	cluster := standin.NewCluster(t, 3, standin.Secure())
	s := openStore(t, cluster.ConnectionString()+"&defaultDeadline=2000")
	storetest.Model(t, storetest.ModelTarget{Store: s, FailOver: func() {
		lost, _ := cluster.LoseLeader()
		lost.Restart(t)
	}})
}

// TestModelOnRealServer runs the model test, without faults, against the
// server KLIENT_TEST_ESDB_URL names (see TestConformanceOnRealServer).
func TestModelOnRealServer(t *testing.T) {
	url := os.Getenv("KLIENT_TEST_ESDB_URL")
	if url == "" {
		t.Skip("KLIENT_TEST_ESDB_URL is not set")
	}
	storetest.Model(t, storetest.ModelTarget{Store: openStore(t, url)})
}

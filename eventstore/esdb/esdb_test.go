package esdb_test

import (
	"os"
	"testing"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/esdb/standin"
	"github.com/klient-crm/klient/eventstore/storetest"
)

// TestConformanceOnStandIn runs the port's conformance suite with a fresh
// secure stand-in node (TLS, the klient user) for every sub-test; each node
// also checks that every call asked for the leader and carried the
// credentials over TLS.
func TestConformanceOnStandIn(t *testing.T) {
	storetest.Run(t, func(t *testing.T) eventstore.Store {
		return openStore(t, standin.Start(t, standin.Secure()))
	})
}

// TestConformanceOnRealServer runs the same suite against the EventStoreDB
// or KurrentDB named by KLIENT_TEST_ESDB_URL, e.g.
// "esdb://localhost:2113?tls=false". The suite makes up unique stream names
// and looks only for its own events in $all, so a server that already holds
// data (and cannot be emptied) is fine. The connection string must allow
// reading $all, which secure servers grant to admins by default.
func TestConformanceOnRealServer(t *testing.T) {
	url := os.Getenv("KLIENT_TEST_ESDB_URL")
	if url == "" {
		t.Skip("KLIENT_TEST_ESDB_URL is not set")
	}
	storetest.Run(t, func(t *testing.T) eventstore.Store { return openStore(t, url) })
}

// TestRealServerPathOnStandIn runs the tests an operator runs against a real
// server (KLIENT_TEST_ESDB_URL, docs/operations.md) with that variable
// naming a secure stand-in, as it would name a cluster: no real server runs
// here, and this keeps their path working (the variable read, an
// administrator's TLS URL taken, every suite run to the end). With a real
// server named, they run against it, and this test stands aside.
func TestRealServerPathOnStandIn(t *testing.T) {
	if os.Getenv("KLIENT_TEST_ESDB_URL") != "" {
		t.Skip("KLIENT_TEST_ESDB_URL names a real server: the tests run against it")
	}
	srv := standin.New(t, standin.Secure())
	t.Setenv("KLIENT_TEST_ESDB_URL", srv.ConnectionStringAs(standin.AdminLogin, standin.AdminPassword))
	t.Run("conformance", TestConformanceOnRealServer)
	t.Run("chain", TestChainOnRealServer)
	t.Run("model", TestModelOnRealServer)
}

package esdb_test

import (
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// The client gives up on a node it cannot find again within about a second;
// the Store must still reach the node once it is back.
func TestStoreRecoversAfterServerRestart(t *testing.T) {
	s, srv := standinStore(t)
	before := events(t, 1)
	mustAppend(t, s, "matter-r", eventstore.NoStream, before)
	srv.Stop()
	for range 3 { // long enough for the client to give up for good
		if _, err := s.ReadStream(ctxFor(t), "matter-r", 0, 10); err == nil {
			t.Fatal("read succeeded with the server down")
		}
	}
	srv.Restart(t)
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := s.ReadStream(ctxFor(t), "matter-r", 0, 10)
		if err == nil {
			wantIDs(t, got, before...)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still failing after the restart: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

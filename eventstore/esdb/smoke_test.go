package esdb_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/esdb"
	"github.com/klient-crm/klient/eventstore/esdb/standin"
)

func TestNewRefusesBadConnectionStringWithoutEchoingIt(t *testing.T) {
	_, err := esdb.New(t.Context(), "esdb://user:s3cret@[::1")
	if !domain.IsKind(err, domain.KindInvalid) {
		t.Fatalf("got %v, want KindInvalid", err)
	}
	if bytes.Contains([]byte(err.Error()), []byte("s3cret")) {
		t.Errorf("error repeats the password: %v", err)
	}
}

func TestAppendAndReadBack(t *testing.T) {
	s, _ := standinStore(t)
	evs := events(t, 3)
	res := mustAppend(t, s, "matter-1", eventstore.NoStream, evs)
	got, err := s.ReadStream(ctxFor(t), "matter-1", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, got, evs...)
	last := got[2]
	if res.LastVersion != 2 || res.LastPosition != last.Position {
		t.Errorf("result %d@%s, last event %d@%s", res.LastVersion, res.LastPosition, last.Version, last.Position)
	}
	if got[1].SchemaVersion != 2 || !bytes.Equal(got[1].Data, evs[1].Data) || got[1].Metadata.Actor != "staff-smoke" {
		t.Errorf("envelope changed on the way: %+v", got[1])
	}
}

// Every call the adapter makes asks for the leader (a follower would
// forward writes and serve stale reads) and runs as the connection
// string's user over TLS.
func TestCallsAskForTheLeaderAsTheUserOverTLS(t *testing.T) {
	s, srv := standinStore(t)
	mustAppend(t, s, "matter-w", eventstore.NoStream, events(t, 1))
	if _, err := s.ReadStream(ctxFor(t), "matter-w", 0, 10); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReadAll(ctxFor(t), eventstore.Start, 10); err != nil {
		t.Fatal(err)
	}
	calls := srv.Calls()
	if len(calls) < 3 {
		t.Fatalf("the node saw %d calls", len(calls))
	}
	for _, c := range calls {
		if !c.RequiresLeader || !c.TLS || c.Login != standin.KlientLogin {
			t.Errorf("%s arrived as %+v", c.Method, c)
		}
	}
}

func TestWrongExpectedVersionIsConflict(t *testing.T) {
	s, _ := standinStore(t)
	mustAppend(t, s, "matter-2", eventstore.NoStream, events(t, 1))
	_, err := s.Append(ctxFor(t), "matter-2", eventstore.Exact(3), events(t, 1))
	if !domain.IsKind(err, domain.KindConflict) || !errors.Is(err, eventstore.ErrWrongExpectedVersion) {
		t.Fatalf("got %v, want a conflict", err)
	}
}

func TestIdempotentRetryReturnsOriginalResult(t *testing.T) {
	s, _ := standinStore(t)
	evs := events(t, 2)
	orig := mustAppend(t, s, "matter-3", eventstore.NoStream, evs)
	if again := mustAppend(t, s, "matter-3", eventstore.NoStream, evs); again != orig {
		t.Errorf("retry gave %+v, want %+v", again, orig)
	}
}

func TestUnknownStreamIsNotFound(t *testing.T) {
	s, _ := standinStore(t)
	if _, err := s.ReadStream(ctxFor(t), "nobody", 0, 1); !errors.Is(err, eventstore.ErrStreamNotFound) {
		t.Fatalf("got %v, want ErrStreamNotFound", err)
	}
}

func TestReservedNamesAreInvalid(t *testing.T) {
	s, _ := standinStore(t)
	bad := events(t, 1)
	bad[0].Type = "$metadata"
	for name, err := range map[string]error{
		"system stream": func() error { _, err := s.Append(ctxFor(t), "$settings", eventstore.Any, events(t, 1)); return err }(),
		"system type":   func() error { _, err := s.Append(ctxFor(t), "matter-4", eventstore.Any, bad); return err }(),
		"zero limit":    func() error { _, err := s.ReadAll(ctxFor(t), eventstore.Start, 0); return err }(),
	} {
		if !domain.IsKind(err, domain.KindInvalid) {
			t.Errorf("%s: got %v, want KindInvalid", name, err)
		}
	}
}

package standin_test

import (
	"strings"
	"testing"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestExpectedRevisionRules(t *testing.T) {
	c, _ := client(t)
	appendTo(t, c, "s", kurrentdb.NoStream{}, eventData(2))
	cases := map[string]kurrentdb.StreamState{
		"no stream on existing": kurrentdb.NoStream{},
		"behind":                kurrentdb.Revision(0),
		"ahead":                 kurrentdb.Revision(5),
	}
	for name, exp := range cases {
		_, err := c.AppendToStream(ctxFor(t), "s", kurrentdb.AppendToStreamOptions{StreamState: exp}, eventData(1)...)
		if errorCode(err) != kurrentdb.ErrorCodeWrongExpectedVersion {
			t.Errorf("%s: %v, want WrongExpectedVersion", name, err)
		}
	}
	_, err := c.AppendToStream(ctxFor(t), "t", kurrentdb.AppendToStreamOptions{StreamState: kurrentdb.StreamExists{}}, eventData(1)...)
	if errorCode(err) != kurrentdb.ErrorCodeWrongExpectedVersion {
		t.Errorf("stream exists on a missing stream: %v", err)
	}
	if res := appendTo(t, c, "s", kurrentdb.Revision(1), eventData(1)); res.NextExpectedVersion != 2 {
		t.Errorf("revision after a third event: %d", res.NextExpectedVersion)
	}
}

// The real server answers a repeated append of the same IDs at the same
// place with the original revision and the last event's position, and
// refuses a batch that only partly repeats (corrupted idempotency).
func TestIdempotencyLikeTheServer(t *testing.T) {
	c, _ := client(t)
	evs := eventData(3)
	orig := appendTo(t, c, "s", kurrentdb.NoStream{}, evs)
	for name, exp := range map[string]kurrentdb.StreamState{"no stream": kurrentdb.NoStream{}, "any": kurrentdb.Any{}} {
		if again := appendTo(t, c, "s", exp, evs); *again != *orig {
			t.Errorf("%s retry: %+v, want %+v", name, *again, *orig)
		}
	}
	partial := append(evs[:1:1], eventData(1)...)
	for name, exp := range map[string]kurrentdb.StreamState{"no stream": kurrentdb.NoStream{}, "any": kurrentdb.Any{}} {
		_, err := c.AppendToStream(ctxFor(t), "s", kurrentdb.AppendToStreamOptions{StreamState: exp}, partial...)
		if errorCode(err) != kurrentdb.ErrorCodeWrongExpectedVersion {
			t.Errorf("%s partial retry: %v, want WrongExpectedVersion", name, err)
		}
	}
	got, _ := drain(c.ReadStream(ctxFor(t), "s", kurrentdb.ReadStreamOptions{}, 100))
	if len(got) != 3 {
		t.Errorf("stream holds %d events after retries, want 3", len(got))
	}
}

// Each event has commit == prepare (its own log position), and an append
// reports its last event's position.
func TestPositions(t *testing.T) {
	c, _ := client(t)
	res := appendTo(t, c, "s", kurrentdb.NoStream{}, eventData(3))
	got, _ := drain(c.ReadStream(ctxFor(t), "s", kurrentdb.ReadStreamOptions{}, 100))
	for i, e := range got {
		if e.Position.Commit != e.Position.Prepare || (i > 0 && e.Position.Commit <= got[i-1].Position.Commit) {
			t.Errorf("event %d at %+v", i, e.Position)
		}
	}
	if last := got[2].Position; res.CommitPosition != last.Commit || res.PreparePosition != last.Prepare {
		t.Errorf("append reported %d/%d, last event at %+v", res.CommitPosition, res.PreparePosition, last)
	}
}

func TestAppendLimitIsInvalidArgument(t *testing.T) {
	c, _ := client(t)
	big := eventData(1)
	big[0].Data = []byte(`"` + strings.Repeat("x", 1<<20) + `"`)
	_, err := c.AppendToStream(ctxFor(t), "s", kurrentdb.AppendToStreamOptions{}, big...)
	if s, _ := status.FromError(err); s.Code() != codes.InvalidArgument {
		t.Fatalf("oversized append: %v, want InvalidArgument", err)
	}
}

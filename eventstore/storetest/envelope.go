package storetest

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

var envelopeChecks = []check{
	{"EnvelopeRoundTrip", envelopeRoundTrip},
	{"PositionsIncreaseWithinAndAcrossAppends", positionsIncrease},
}

// richEvent carries everything a store must keep bit for bit: JSON whose key
// order and spacing a JSON column would change, and metadata with a
// nanosecond, non-UTC OccurredAt.
func richEvent(t *testing.T) eventstore.Envelope {
	e := newEvents(t, 1)[0]
	e.Type, e.SchemaVersion = "MatterOpened", 3
	e.Data = []byte(`{"z":1,  "a":[3,2,1],"u":"\u00e5\u00e4\u00f6","big":"` + strings.Repeat("x", 3000) + `"}`)
	stockholm := time.FixedZone("CET", 3600)
	e.Metadata = eventstore.Metadata{
		Actor: "staff-42", CorrelationID: "corr-1", CausationID: "cause-2",
		OccurredAt: time.Date(2025, 3, 4, 5, 6, 7, 123456789, stockholm),
		Subjects:   []string{"subject-a", "subject-b"},
	}
	return e
}

func wantSameEnvelope(t *testing.T, how string, got, sent eventstore.Envelope, stream string) {
	t.Helper()
	if got.ID != sent.ID || got.Stream != stream || got.Type != sent.Type || got.SchemaVersion != sent.SchemaVersion {
		t.Errorf("%s: got %s %q %q v%d, want %s %q %q v%d", how, got.ID, got.Stream, got.Type, got.SchemaVersion, sent.ID, stream, sent.Type, sent.SchemaVersion)
	}
	if !bytes.Equal(got.Data, sent.Data) {
		t.Errorf("%s: data bytes changed: got %.80q…", how, got.Data)
	}
	m, w := got.Metadata, sent.Metadata
	wantAt := w.OccurredAt.Truncate(time.Microsecond).UTC()
	if m.Actor != w.Actor || m.CorrelationID != w.CorrelationID || m.CausationID != w.CausationID || !slices.Equal(m.Subjects, w.Subjects) {
		t.Errorf("%s: metadata %+v, want %+v", how, m, w)
	}
	if !m.OccurredAt.Equal(wantAt) || m.OccurredAt.Location() != time.UTC {
		t.Errorf("%s: OccurredAt %s (%s), want %s in UTC", how, m.OccurredAt.Format(time.RFC3339Nano), m.OccurredAt.Location(), wantAt.Format(time.RFC3339Nano))
	}
	if since := time.Since(got.RecordedAt); got.RecordedAt.IsZero() || since < -time.Minute || since > time.Minute {
		t.Errorf("%s: RecordedAt %s is not about now", how, got.RecordedAt)
	}
}

func envelopeRoundTrip(t *testing.T, s eventstore.Store) {
	stream, sent := streamName("envelope"), richEvent(t)
	mustAppend(t, s, stream, eventstore.NoStream, []eventstore.Envelope{sent})
	fromStream := readStream(t, s, stream)
	if len(fromStream) != 1 {
		t.Fatalf("stream holds %d events, want 1", len(fromStream))
	}
	wantSameEnvelope(t, "ReadStream", fromStream[0], sent, stream)
	fromLog := awaitAll(t, s, eventstore.Start, ids(fromStream))
	if len(fromLog) != 1 {
		t.Fatalf("event not visible to ReadAll")
	}
	wantSameEnvelope(t, "ReadAll", fromLog[0], sent, stream)
	if fromLog[0].Position != fromStream[0].Position || fromLog[0].Version != 0 {
		t.Errorf("ReadAll says %d@%s, ReadStream says 0@%s", fromLog[0].Version, fromLog[0].Position, fromStream[0].Position)
	}
}

func positionsIncrease(t *testing.T, s eventstore.Store) {
	stream := streamName("positions")
	mustAppend(t, s, stream, eventstore.NoStream, newEvents(t, 3))
	mustAppend(t, s, stream, eventstore.Exact(2), newEvents(t, 3))
	got := readStream(t, s, stream)
	if len(got) != 6 {
		t.Fatalf("stream holds %d events, want 6", len(got))
	}
	for i := 1; i < len(got); i++ {
		if !got[i-1].Position.Less(got[i].Position) {
			t.Errorf("version %d at %s is not after version %d at %s", i, got[i].Position, i-1, got[i-1].Position)
		}
	}
	if got[0].Position == eventstore.Start {
		t.Error("first event sits at Start, which means 'before the first event'")
	}
}

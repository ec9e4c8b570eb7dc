package history

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// A personal field whose subject's key is gone shows as "erased"; the
// identifiers beside it stay.
func TestChangesMarkErasedFields(t *testing.T) {
	ev := contact.PersonDetailsChanged{ContactID: "c-1"}
	erased := Event{Decoded: eventstore.Decoded{Event: ev, Erased: []string{"c-1"}}}
	var fields map[string]any
	if err := json.Unmarshal(Changes(erased), &fields); err != nil {
		t.Fatal(err)
	}
	if fields["details"] != "erased" || fields["contact_id"] != "c-1" {
		t.Fatalf("erased: %v", fields)
	}
	opened := Event{Decoded: eventstore.Decoded{Event: contact.PersonDetailsChanged{ContactID: "c-1",
		Details: contact.PersonDetails{GivenName: "Åsa"}}}}
	if got := string(Changes(opened)); !strings.Contains(got, `"given_name":"Åsa"`) {
		t.Fatalf("opened: %s", got)
	}
	if got := string(Changes(Event{err: errUnknownForTest})); !strings.Contains(got, "undecodable") {
		t.Fatalf("undecodable: %s", got)
	}
}

var errUnknownForTest = errors.New("eventstore: unknown event type")

// Replay folds a contact with the aggregate's own Apply, erased or not.
func TestFoldContactAndFallback(t *testing.T) {
	events := []Event{
		{Decoded: eventstore.Decoded{Event: contact.PersonRegistered{ContactID: "c-1", Details: contact.PersonDetails{GivenName: "Åsa"}}}},
		{Decoded: eventstore.Decoded{Event: contact.ContactArchived{ContactID: "c-1"}}},
	}
	s := FoldFor(contact.StreamName("c-1"))(contact.StreamName("c-1"), events).(ContactState)
	if s.ID != "c-1" || !s.Archived || s.Erased || s.Person == nil || s.Person.GivenName != "Åsa" {
		t.Fatalf("contact: %+v", s)
	}
	events[1].Erased = []string{"c-1"}
	if s := FoldContact(contact.StreamName("c-1"), events); !s.Erased || s.Person != nil {
		t.Fatalf("erased contact: %+v", s)
	}
	if _, ok := FoldFor(matter.NumberingStream(2026))("", nil).([]EventView); !ok {
		t.Fatal("numbering streams replay as event lists")
	}
	if _, ok := FoldFor("task-1")("task-1", nil).([]EventView); !ok {
		t.Fatal("other streams replay as event lists")
	}
}

// A wall folds to standing once erected and to lifted after its lifting;
// before its erection it did not exist.
func TestFoldWall(t *testing.T) {
	target := access.Target{Kind: access.TargetMatter, ID: "M-1"}
	events := []Event{
		{Decoded: eventstore.Decoded{Event: access.WallErected{WallID: "w-1", Target: target, Users: []string{"s-1"}, Reason: "jäv"}}},
		{Decoded: eventstore.Decoded{Event: access.WallLifted{WallID: "w-1"}}},
	}
	if w := FoldWall(nil); w.Erected || w.Active {
		t.Fatalf("before: %+v", w)
	}
	if w := FoldWall(events[:1]); !w.Erected || !w.Active || w.Target != target || w.Reason != "jäv" {
		t.Fatalf("erected: %+v", w)
	}
	if w := FoldFor(access.WallStreamName("w-1"))("", events).(WallState); !w.Erected || w.Active {
		t.Fatalf("lifted: %+v", w)
	}
	if c := canonical(target); c.ID != "m-1" {
		t.Fatalf("canonical: %+v", c)
	}
}

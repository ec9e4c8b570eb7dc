package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// A personal field whose subject's key is gone shows as "erased"; the
// identifiers beside it stay.
func TestChangesMarkErasedFields(t *testing.T) {
	ev := contact.PersonDetailsChanged{ContactID: "c-1"}
	erased := auditEvent{Decoded: eventstore.Decoded{Event: ev, Erased: []string{"c-1"}}}
	var fields map[string]any
	if err := json.Unmarshal(changesOf(erased), &fields); err != nil {
		t.Fatal(err)
	}
	if fields["details"] != "erased" || fields["contact_id"] != "c-1" {
		t.Fatalf("erased: %v", fields)
	}
	opened := auditEvent{Decoded: eventstore.Decoded{Event: contact.PersonDetailsChanged{ContactID: "c-1",
		Details: contact.PersonDetails{GivenName: "Åsa"}}}}
	if got := string(changesOf(opened)); !strings.Contains(got, `"given_name":"Åsa"`) {
		t.Fatalf("opened: %s", got)
	}
	if got := string(changesOf(auditEvent{err: errUnknownForTest})); !strings.Contains(got, "undecodable") {
		t.Fatalf("undecodable: %s", got)
	}
}

var errUnknownForTest = errors.New("eventstore: unknown event type")

// Replay folds a contact with the aggregate's own Apply, erased or not.
func TestFoldContactAndFallback(t *testing.T) {
	events := []auditEvent{
		{Decoded: eventstore.Decoded{Event: contact.PersonRegistered{ContactID: "c-1", Details: contact.PersonDetails{GivenName: "Åsa"}}}},
		{Decoded: eventstore.Decoded{Event: contact.ContactArchived{ContactID: "c-1"}}},
	}
	s := foldFor(contact.StreamName("c-1"))(contact.StreamName("c-1"), events).(contactState)
	if s.ID != "c-1" || !s.Archived || s.Erased || s.Person == nil || s.Person.GivenName != "Åsa" {
		t.Fatalf("contact: %+v", s)
	}
	events[1].Erased = []string{"c-1"}
	if s := foldContact(contact.StreamName("c-1"), events).(contactState); !s.Erased || s.Person != nil {
		t.Fatalf("erased contact: %+v", s)
	}
	if _, ok := foldFor(matter.NumberingStream(2026))("", nil).([]eventView); !ok {
		t.Fatal("numbering streams replay as event lists")
	}
	if _, ok := foldFor("task-1")("task-1", nil).([]eventView); !ok {
		t.Fatal("other streams replay as event lists")
	}
}

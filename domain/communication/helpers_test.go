package communication

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
)

var now = time.Date(2026, time.March, 15, 9, 30, 0, 0, time.UTC)

const (
	entryID   = "0195a1b2-0000-7000-8000-000000000001"
	matterID  = "0195a1b2-0000-7000-8000-0000000000aa"
	contactA  = "0195a1b2-0000-7000-8000-0000000000c1"
	contactB  = "0195a1b2-0000-7000-8000-0000000000c2"
	staffID   = "0195a1b2-0000-7000-8000-0000000000f1"
	docID     = "0195a1b2-0000-7000-8000-0000000000d1"
	matterKey = "matter-" + matterID
)

func call() Details {
	return Details{Kind: KindPhoneCall, OccurredAt: now.Add(-time.Hour),
		Participants: []Participant{{ParticipantContact, contactA}, {ParticipantStaff, staffID}},
		SubjectLine:  "Samtal om bouppteckning", Body: "Klienten ringde.\n\tFrågade om tidplan."}
}

// logged is an entry filed under the matter and contact A.
func logged(t *testing.T) *Entry {
	t.Helper()
	e := new(Entry)
	events, err := e.Log(entryID, Links{MatterID: matterID, ContactIDs: []string{contactA}}, call(), nil, now)
	if err != nil || len(events) != 1 {
		t.Fatalf("Log: %v, %v", events, err)
	}
	e.Apply(events[0])
	return e
}

func codeOf(err error) string {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// decided fails unless err is nil and events are of the wanted types.
func decided(t *testing.T, events []domain.Event, err error, want ...domain.Event) {
	t.Helper()
	if err != nil || len(events) != len(want) {
		t.Fatalf("got %v, %v; want %d events", events, err, len(want))
	}
	for i := range want {
		if reflect.TypeOf(events[i]) != reflect.TypeOf(want[i]) {
			t.Fatalf("event %d is %T, want %T", i, events[i], want[i])
		}
	}
}

// refused fails unless nothing was decided and err has kind and code.
func refused(t *testing.T, events []domain.Event, err error, kind domain.Kind, code string) {
	t.Helper()
	if len(events) != 0 || domain.KindOf(err) != kind || codeOf(err) != code {
		t.Fatalf("got %v, %v; want %s %s", events, err, kind, code)
	}
}

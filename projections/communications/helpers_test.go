package communications_test

import (
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/projtest"
)

var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

// world is one test's database with the real store, key ring, codec and a
// running projections runtime holding the communications projector.
type world struct{ *projtest.World }

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{projtest.New(t, projtest.Config{Projectors: []projections.Projector{communications.NewProjector()},
		Events: append(communication.Events(), dpo.CommunicationSpecialMarked{})})}
	w.Run()
	return w
}

// write appends events to one entry's stream, after what it holds.
func (w *world) write(id string, evs ...domain.Event) {
	w.T.Helper()
	w.Write(communication.StreamName(id), evs...)
}

// caughtUp waits until the read model holds everything written so far.
func (w *world) caughtUp() {
	w.T.Helper()
	w.CaughtUp("communications")
}

// logged is an entry of kind at t0 + hours, filed under matter (if any)
// and contacts, sealed as the domain would choose.
func logged(kind communication.Kind, hours int, matter string, contacts ...string) communication.CommunicationLogged {
	id := newID()
	owner := communication.DataSubjectFor(matter, contacts)
	return communication.CommunicationLogged{CommunicationID: id, MatterID: matter, ContactIDs: contacts,
		DataSubject: owner, TextSubject: domain.EntryKey(owner, "communication-"+id), Kind: kind,
		OccurredAt:   t0.Add(time.Duration(hours) * time.Hour),
		Participants: []communication.Participant{{Kind: communication.ParticipantStaff, ID: "staff-1"}},
		Content:      communication.Content{SubjectLine: "Ämne " + id[len(id)-4:], Body: "Text"}}
}

var newID = projtest.NewID

func ids(entries []communications.Entry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.ID
	}
	return out
}

var must = projtest.Must

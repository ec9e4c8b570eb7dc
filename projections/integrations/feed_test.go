package integrations_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/integrations"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/projtest"
)

var allAreas = []string{"contact", "matter", "party", "deadline", "task", "communication"}

// story is a small firm's day: a person registered, a matter taken in and
// opened with them as client, a deadline, a task done, a call logged.
type story struct {
	w                                *projtest.World
	lawyer, person, matterID, taskID string
}

func newStory(t *testing.T) story {
	t.Helper()
	var evs []domain.Event
	for _, l := range [][]domain.Event{contact.Events(), matter.Events(), work.Events(), communication.Events(), gdpr.Events()} {
		evs = append(evs, l...)
	}
	w := projtest.New(t, projtest.Config{Projectors: []projections.Projector{contacts.NewProjector(),
		matters.NewProjector(), integrations.NewProjector()}, Events: evs})
	w.Run()
	s := story{w: w, lawyer: projtest.NewID(), person: projtest.NewID(), matterID: projtest.NewID(), taskID: projtest.NewID()}
	w.Write(contact.StreamName(s.person), contact.PersonRegistered{ContactID: s.person, Details: contact.PersonDetails{
		GivenName: "Astrid", FamilyName: "Lindqvist", Personnummer: "19800101-0017"}})
	w.Write(matter.StreamName(s.matterID),
		matter.MatterOpened{MatterID: s.matterID, MatterSubject: matter.Subject(s.matterID), Number: "2026-0042",
			PracticeArea: "processratt", ResponsibleLawyer: s.lawyer, File: "2026-0042",
			DetailsSubject: domain.EntryKey(matter.Subject(s.matterID), "details"), Details: matter.Details{Title: "Lindqvist ./. Bolaget AB"}},
		matter.PartyAdded{MatterID: s.matterID, PartyID: "p1", ContactID: s.person, Role: matter.RoleClient, Note: "ringer sent"},
		matter.MatterActivated{MatterID: s.matterID})
	deadline := projtest.NewID()
	w.Write(work.DeadlineStreamName(deadline), work.DeadlineSet{DeadlineID: deadline, MatterID: s.matterID, Subject: matter.Subject(s.matterID),
		TextSubject: matter.Subject(s.matterID), Title: "Svaromål Lindqvist", Kind: work.KindCourtDate, Date: work.NewDate(2027, 1, 15), Responsible: s.lawyer})
	w.Write(work.TaskStreamName(s.taskID), work.TaskCreated{TaskID: s.taskID, Subject: matter.Subject(s.matterID), TextSubject: matter.Subject(s.matterID),
		Text: work.TaskText{Title: "Ring Astrid"}, Assignee: work.Assignee{Staff: s.lawyer}, Due: work.NewDate(2027, 1, 10),
		Priority: work.PriorityNormal, MatterID: s.matterID},
		work.TaskCompleted{TaskID: s.taskID})
	comm := projtest.NewID()
	w.Write(communication.StreamName(comm), communication.CommunicationLogged{CommunicationID: comm, MatterID: s.matterID,
		ContactIDs: []string{s.person}, DataSubject: s.person, TextSubject: s.person, Kind: communication.KindPhoneCall,
		OccurredAt: time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC),
		Content:    communication.Content{SubjectLine: "Samtal med Astrid", Body: "Hon bor på Storgatan 1"}})
	s.caughtUp()
	return s
}

func (s story) caughtUp() {
	for _, p := range []string{"contacts", "matters", integrations.Name} {
		s.w.CaughtUp(p)
	}
}

func (s story) read(t *testing.T, r integrations.Reader) []integrations.Entry {
	t.Helper()
	got, err := integrations.Read(context.Background(), s.w.Pool, r, integrations.Position{}, 100)
	projtest.Must(t, err)
	return got
}

func kindsOf(es []integrations.Entry) string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Kind
	}
	return strings.Join(out, " ")
}

// TestFeedTellsWhatHappenedWithoutPersonalData: the lawyer's feed holds
// the day in log order, each entry with IDs, kinds and times; a task's
// completion, whose event names no matter, is filed under the task's
// matter; no name, number or free text is in any entry.
func TestFeedTellsWhatHappenedWithoutPersonalData(t *testing.T) {
	t.Parallel()
	s := newStory(t)
	got := s.read(t, integrations.Reader{StaffID: s.lawyer, Areas: allAreas})
	want := "contact.registered matter.registered party.added matter.opened deadline.set task.created task.completed communication.logged"
	if kindsOf(got) != want {
		t.Fatalf("feed %q, want %q", kindsOf(got), want)
	}
	for i := 1; i < len(got); i++ {
		if !(got[i-1].Position.Commit < got[i].Position.Commit ||
			got[i-1].Position.Commit == got[i].Position.Commit && got[i-1].Position.Prepare < got[i].Position.Prepare) {
			t.Errorf("entry %d is not after entry %d in the log", i, i-1)
		}
	}
	done := got[6]
	if done.MatterID != s.matterID || !strings.Contains(string(done.Data), s.taskID) {
		t.Errorf("task.completed filed under %q with %s, want the matter and the task's ID", done.MatterID, done.Data)
	}
	var reg map[string]any
	projtest.Must(t, json.Unmarshal(got[1].Data, &reg))
	if reg["number"] != "2026-0042" || reg["practice_area"] != "processratt" {
		t.Errorf("matter.registered tells %v, want its number and practice area", reg)
	}
	for _, e := range got {
		for _, secret := range []string{"Astrid", "Lindqvist", "19800101", "Svaromål", "Storgatan", "ringer", "Samtal"} {
			if strings.Contains(string(e.Data), secret) {
				t.Errorf("%s carries %q: %s", e.Kind, secret, e.Data)
			}
		}
	}
}

// TestFeedIsCutByNeedToKnow: a colleague outside the matter sees the
// contact but nothing filed under the matter; a wall before the client
// hides the contact and every entry naming them, the matter's too; a
// member whose roles read only contacts gets no matter entries; a
// restricted person is gone but to the DPO.
func TestFeedIsCutByNeedToKnow(t *testing.T) {
	t.Parallel()
	s := newStory(t)
	if got := kindsOf(s.read(t, integrations.Reader{StaffID: projtest.NewID(), Areas: allAreas})); got != "contact.registered" {
		t.Errorf("outsider reads %q, want only contact.registered", got)
	}
	walled := s.read(t, integrations.Reader{StaffID: s.lawyer, WalledContacts: []string{s.person}, Areas: allAreas})
	for _, e := range walled {
		if e.MatterID == s.matterID || len(e.ContactIDs) > 0 {
			t.Errorf("walled from the client, the lawyer reads %s (matter %q, contacts %v)", e.Kind, e.MatterID, e.ContactIDs)
		}
	}
	if got := kindsOf(s.read(t, integrations.Reader{StaffID: s.lawyer, Areas: []string{"contact"}})); got != "contact.registered" {
		t.Errorf("a contacts-only reader reads %q", got)
	}
	s.w.Write(gdpr.SubjectStreamName(s.person), gdpr.RestrictionApplied{SubjectID: s.person, Reason: "bestrider riktigheten"})
	s.caughtUp()
	for _, e := range s.read(t, integrations.Reader{StaffID: s.lawyer, Areas: allAreas}) {
		for _, c := range e.ContactIDs {
			if c == s.person {
				t.Errorf("the restricted person is in %s", e.Kind)
			}
		}
	}
	if got := s.read(t, integrations.Reader{StaffID: s.lawyer, Areas: allAreas, Restricted: true}); len(got) != 8 {
		t.Errorf("the DPO reads %d entries, want all 8", len(got))
	}
}

// TestErasedContactIsOnlyTheNotice: after an erasure the person appears
// as contact.erased only; the matter's own entries stay.
func TestErasedContactIsOnlyTheNotice(t *testing.T) {
	t.Parallel()
	s := newStory(t)
	s.w.Write(gdpr.SubjectStreamName(s.person), gdpr.SubjectErased{SubjectID: s.person, RequestID: projtest.NewID(),
		ApprovedBy: "dpo-1", ErasedAt: time.Now()})
	s.caughtUp()
	got := s.read(t, integrations.Reader{StaffID: s.lawyer, Areas: allAreas})
	if want := "matter.registered matter.opened deadline.set task.created task.completed contact.erased"; kindsOf(got) != want {
		t.Fatalf("after the erasure %q, want %q", kindsOf(got), want)
	}
	last := got[len(got)-1]
	if len(last.ContactIDs) != 1 || last.ContactIDs[0] != s.person || !strings.Contains(string(last.Data), s.person) {
		t.Errorf("the notice names %v with %s, want the person's ID", last.ContactIDs, last.Data)
	}
}

// TestErasureOfARestrictedPersonIsTold: an erasure held for a while
// restricts its subject until it is carried out, so the person is still
// restricted when erased; every reader is told of the erasure all the
// same, or the systems that took the person's entries before the hold
// would never learn to delete their copy.
func TestErasureOfARestrictedPersonIsTold(t *testing.T) {
	t.Parallel()
	s := newStory(t)
	s.w.Write(gdpr.SubjectStreamName(s.person), gdpr.RestrictionApplied{SubjectID: s.person, Reason: "radering väntar"})
	s.w.Write(gdpr.SubjectStreamName(s.person), gdpr.SubjectErased{SubjectID: s.person, RequestID: projtest.NewID(),
		ApprovedBy: "dpo-1", ErasedAt: time.Now()})
	s.caughtUp()
	got := s.read(t, integrations.Reader{StaffID: s.lawyer, Areas: allAreas})
	if want := "matter.registered matter.opened deadline.set task.created task.completed contact.erased"; kindsOf(got) != want {
		t.Fatalf("after the restricted person's erasure %q, want %q", kindsOf(got), want)
	}
}

// TestFeedPagesByPosition: pages after a cursor meet every entry once, and
// a reader is not served entries past the matters read model.
func TestFeedPagesByPosition(t *testing.T) {
	t.Parallel()
	s := newStory(t)
	r := integrations.Reader{StaffID: s.lawyer, Areas: allAreas}
	ctx := context.Background()
	var seen []string
	after := integrations.Position{}
	for range 10 {
		page, err := integrations.Read(ctx, s.w.Pool, r, after, 3)
		projtest.Must(t, err)
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			seen = append(seen, e.EventID)
		}
		after = page[len(page)-1].Position
	}
	all := s.read(t, r)
	if len(seen) != len(all) || len(all) != 8 {
		t.Fatalf("pages of 3 met %d entries, one read %d, want 8", len(seen), len(all))
	}
	for i := range all {
		if seen[i] != all[i].EventID {
			t.Errorf("page walk's entry %d is %s, want %s", i, seen[i], all[i].EventID)
		}
	}
	// Hold the matters read model back: the feed answers nothing past it.
	_, err := s.w.Pool.Exec(ctx, `UPDATE projector_checkpoints SET commit = 0, prepare = 0 WHERE name = 'matters'`)
	projtest.Must(t, err)
	if got := s.read(t, r); len(got) != 0 {
		t.Errorf("with the matters read model at the start, the feed serves %d entries", len(got))
	}
}

// TestErasureAppliesInItsTurnWithinABatch: a history replayed in one
// batch — a task about a person, their erasure, then the task's
// completion — leaves the notice and a completion that no longer names
// them: the erasure removes what came before it and unfiles the task's
// stream for what comes after.
func TestErasureAppliesInItsTurnWithinABatch(t *testing.T) {
	t.Parallel()
	var evs []domain.Event
	for _, l := range [][]domain.Event{contact.Events(), work.Events(), gdpr.Events()} {
		evs = append(evs, l...)
	}
	w := projtest.New(t, projtest.Config{Projectors: []projections.Projector{contacts.NewProjector(),
		matters.NewProjector(), integrations.NewProjector()}, Events: evs})
	lawyer, person, task := projtest.NewID(), projtest.NewID(), projtest.NewID()
	w.Write(contact.StreamName(person), contact.PersonRegistered{ContactID: person, Details: contact.PersonDetails{
		GivenName: "Greta", FamilyName: "Gran"}})
	w.Write(work.TaskStreamName(task), work.TaskCreated{TaskID: task, Subject: person, TextSubject: person,
		Text: work.TaskText{Title: "Ring Greta"}, Assignee: work.Assignee{Staff: lawyer}, Due: work.NewDate(2027, 1, 10),
		Priority: work.PriorityNormal, ContactID: person})
	w.Write(gdpr.SubjectStreamName(person), gdpr.SubjectErased{SubjectID: person, RequestID: projtest.NewID(),
		ApprovedBy: "dpo-1", ErasedAt: time.Now()})
	w.Write(work.TaskStreamName(task), work.TaskCompleted{TaskID: task})
	w.Run()
	for _, p := range []string{"contacts", "matters", integrations.Name} {
		w.CaughtUp(p)
	}
	got, err := integrations.Read(context.Background(), w.Pool, integrations.Reader{StaffID: lawyer, Areas: allAreas},
		integrations.Position{}, 100)
	projtest.Must(t, err)
	if want := "contact.erased task.completed"; kindsOf(got) != want {
		t.Fatalf("after the erasure %q, want %q", kindsOf(got), want)
	}
	if done := got[1]; len(done.ContactIDs) != 0 {
		t.Errorf("the completion after the erasure names %v, want no one", done.ContactIDs)
	}
}

// TestErasureIsToldPastAWall (issue 18's policy for a person walled off
// later): a reader walled off from the person sees none of their entries,
// but is told of their erasure as every recipient must be (GDPR Art. 19),
// as is a reader whose roles read matters and not contacts, who had the
// person's ID from the party's entry. The notice is the ID alone.
func TestErasureIsToldPastAWall(t *testing.T) {
	t.Parallel()
	s := newStory(t)
	walled := integrations.Reader{StaffID: s.lawyer, Areas: allAreas, WalledContacts: []string{s.person}}
	for _, e := range s.read(t, walled) {
		for _, id := range e.ContactIDs {
			if id == s.person {
				t.Fatalf("before the erasure the walled reader sees %s naming the person", e.Kind)
			}
		}
	}
	s.w.Write(gdpr.SubjectStreamName(s.person), gdpr.SubjectErased{SubjectID: s.person, RequestID: projtest.NewID(),
		ApprovedBy: "dpo-1", ErasedAt: time.Now()})
	s.caughtUp()
	for name, r := range map[string]integrations.Reader{"walled": walled,
		"matters only": {StaffID: s.lawyer, Areas: []string{"matter", "party"}}} {
		got := s.read(t, r)
		last := got[len(got)-1]
		var data map[string]string
		projtest.Must(t, json.Unmarshal(last.Data, &data))
		if last.Kind != integrations.KindContactErased || len(last.ContactIDs) != 1 || last.ContactIDs[0] != s.person ||
			last.MatterID != "" || len(data) != 1 || data["contact_id"] != s.person {
			t.Errorf("%s reader: last entry %s %v %q %s, want the erasure's ID-only notice", name, last.Kind, last.ContactIDs,
				last.MatterID, last.Data)
		}
	}
	// A reader with no area at all reads no feed, the notice included.
	if got := s.read(t, integrations.Reader{StaffID: s.lawyer}); len(got) != 0 {
		t.Errorf("a reader without areas got %d entries", len(got))
	}
}

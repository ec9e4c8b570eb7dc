package matters_test

import (
	"context"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections/matters"
)

// FactsOf finds every matter a subject is or was a party to, whether as a
// client, and when each closed.
func TestFactsOfASubject(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	person := newID()
	open := w.open("2026-0001", "Pågår", map[string]matter.PartyRole{person: matter.RoleCounterparty})
	closed := w.open("2026-0002", "Avslutat", map[string]matter.PartyRole{person: matter.RoleClient})
	left := w.open("2026-0003", "Lämnade", map[string]matter.PartyRole{person: matter.RoleWitness})
	w.Write(matter.StreamName(closed), matter.MatterActivated{MatterID: closed}, matter.MatterClosed{MatterID: closed})
	w.Write(matter.StreamName(left), matter.PartyRemoved{MatterID: left, PartyID: "party-" + person, ContactID: person})
	w.open("2026-0004", "Någon annans", map[string]matter.PartyRole{newID(): matter.RoleClient})
	w.caughtUp()

	facts, err := matters.NewSubjectFacts(w.Pool).FactsOf(context.Background(), person)
	must(t, err)
	byID := map[string]gdpr.MatterFact{}
	for _, m := range facts.Matters {
		byID[m.MatterID] = m
	}
	if len(byID) != 3 || byID[open].Client || !byID[open].ClosedAt.IsZero() {
		t.Fatalf("facts %+v", facts)
	}
	if c := byID[closed]; !c.Client || c.ClosedAt.IsZero() || time.Since(c.ClosedAt) > time.Minute {
		t.Fatalf("closed matter %+v", c)
	}
	if _, ok := byID[left]; !ok {
		t.Fatalf("a matter the subject left is not held: %+v", facts)
	}
}

// SubjectErased blanks the subject's party notes and their probe in every
// conflict check's inputs, leaving other parties' probes alone.
func TestSubjectErasedBlanksNotesAndProbes(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	must(t, w.Codec.Register(gdpr.Events()...))
	person, other := newID(), newID()
	id := w.open("2026-0001", "Tvist", map[string]matter.PartyRole{person: matter.RoleClient, other: matter.RoleCounterparty})
	w.Write(matter.StreamName(id),
		matter.PartyRoleChanged{MatterID: id, PartyID: "party-" + person, ContactID: person, Role: matter.RoleClient, Note: "Vill vara anonym"},
		matter.ConflictCheckRecorded{MatterID: id, MatterSubject: matter.Subject(id), CheckID: "c1", RanAt: time.Now(),
			Inputs: []matter.PartyProbe{{ContactID: person, Names: []string{"Kanariefågel"}, Numbers: []string{"198001010008"}},
				{ContactID: other, Names: []string{"Motpart"}}}, Decision: matter.DecisionClear, DecidedBy: "lawyer-1"})
	w.caughtUp()
	ctx := context.Background()
	if n, err := matters.SubjectRows(ctx, w.Pool, person); err != nil || n != 2 {
		t.Fatalf("rows before = %d, %v", n, err)
	}

	w.Write(gdpr.SubjectStreamName(person), gdpr.SubjectErased{SubjectID: person, RequestID: newID(), ErasedAt: time.Now(), KeyTombstone: "ab"})
	w.caughtUp()
	if n, err := matters.SubjectRows(ctx, w.Pool, person); err != nil || n != 0 {
		t.Fatalf("rows after = %d, %v", n, err)
	}
	checks, err := matters.ConflictChecks(ctx, w.Pool, id)
	must(t, err)
	in := checks[0].Inputs
	if len(in) != 2 || in[0].ContactID != person || len(in[0].Names)+len(in[0].Numbers) != 0 || in[1].Names[0] != "Motpart" {
		t.Fatalf("inputs after erasure: %+v", in)
	}
	history, err := matters.History(ctx, w.Pool, id)
	must(t, err)
	if len(history) != 5 {
		t.Fatalf("the erasure wrote matter history: %d rows", len(history))
	}
}

// A replay where no SubjectErased follows (a backup restored from before
// the erasure, its key destroyed again from the tombstone journal) still
// blanks the contact's probes: their registration reads as erased.
func TestReplayBlanksProbesOfContactsWhoseKeyIsGone(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	must(t, w.Codec.Register(contact.Events()...))
	person := newID()
	w.Write(contact.StreamName(person), contact.PersonRegistered{ContactID: person,
		Details: contact.PersonDetails{GivenName: "Kanarie", FamilyName: "Fågel"}})
	id := w.open("2026-0001", "Tvist", map[string]matter.PartyRole{person: matter.RoleCounterparty})
	w.Write(matter.StreamName(id), matter.ConflictCheckRecorded{MatterID: id, MatterSubject: matter.Subject(id), CheckID: "c1",
		RanAt: time.Now(), Inputs: []matter.PartyProbe{{ContactID: person, Names: []string{"Kanarie Fågel"}}},
		Decision: matter.DecisionClear, DecidedBy: "lawyer-1"})
	w.caughtUp()
	ctx := context.Background()
	if n, err := matters.SubjectRows(ctx, w.Pool, person); err != nil || n != 1 {
		t.Fatalf("rows before = %d, %v", n, err)
	}
	_, err := w.Keys.Shred(ctx, person)
	must(t, err)
	must(t, w.RT.Rebuild(ctx, matters.Name, nil))
	if n, err := matters.SubjectRows(ctx, w.Pool, person); err != nil || n != 0 {
		t.Fatalf("rows after the replay = %d, %v", n, err)
	}
}

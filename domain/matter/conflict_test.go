package matter

import (
	"testing"

	"github.com/klient-crm/klient/domain"
)

func TestActivationNeedsACurrentCheck(t *testing.T) {
	m := opened(t)
	got, err := m.Activate()
	refused(t, got, err, domain.KindConflict, "matter.conflict.check_required")

	must(t, m)(m.RecordConflictCheck(check(DecisionClear, "")))
	must(t, m)(m.AddParty(NewParty{PartyID: "p-w", ContactID: "witness-1", Role: RoleWitness}))
	got, err = m.Activate()
	refused(t, got, err, domain.KindConflict, "matter.conflict.check_required")

	got, err = m.RecordConflictCheck(check(DecisionClear, "")) // still the old parties
	refused(t, got, err, domain.KindConflict, "matter.conflict.parties_changed")
	c := check(DecisionClear, "")
	c.Inputs = append(c.Inputs, PartyProbe{ContactID: "witness-1"})
	must(t, m)(m.RecordConflictCheck(c))
	must(t, m)(m.Activate())
	if m.Status() != StatusOpen {
		t.Fatalf("status %s after activation", m.Status())
	}
	if again, err := m.Activate(); err != nil || len(again) != 0 {
		t.Fatalf("activating an open matter decided %v, %v", again, err)
	}
}

func TestAWaiverNeedsAReason(t *testing.T) {
	m := opened(t)
	got, err := m.RecordConflictCheck(check(DecisionWaived, "  "))
	refused(t, got, err, domain.KindInvalid, "matter.conflict.waiver_reason")
	got, err = m.RecordConflictCheck(check("maybe", ""))
	refused(t, got, err, domain.KindInvalid, "matter.conflict.decision")
	must(t, m)(m.RecordConflictCheck(check(DecisionWaived, "Båda klienterna har samtyckt skriftligen")))
	must(t, m)(m.Activate())
}

func TestADeclinedIntakeNeverOpens(t *testing.T) {
	m := opened(t)
	must(t, m)(m.RecordConflictCheck(check(DecisionDeclined, "")))
	got, err := m.Activate()
	refused(t, got, err, domain.KindConflict, "matter.conflict.declined")
	got, err = m.RecordConflictCheck(check(DecisionClear, ""))
	refused(t, got, err, domain.KindConflict, "matter.conflict.declined")
	must(t, m)(m.Close())
	if m.Status() != StatusClosed {
		t.Fatalf("a declined intake could not be closed: %s", m.Status())
	}
}

func TestPartyRules(t *testing.T) {
	m := opened(t)
	got, err := m.AddParty(NewParty{PartyID: "p-x", ContactID: otherID, Role: RoleWitness})
	refused(t, got, err, domain.KindConflict, "matter.party.exists")
	again, err := m.AddParty(NewParty{PartyID: otherPart, ContactID: otherID, Role: RoleCounterparty, Note: "hyresvärd"})
	if err != nil || len(again) != 0 {
		t.Fatalf("re-adding the same party decided %v, %v", again, err)
	}
	got, err = m.ChangePartyRole(clientPart, RoleWitness, "")
	refused(t, got, err, domain.KindConflict, "matter.party.last_client")
	got, err = m.RemoveParty(clientPart)
	refused(t, got, err, domain.KindConflict, "matter.party.last_client")
	got, err = m.RemoveParty("nobody")
	refused(t, got, err, domain.KindNotFound, "matter.party.not_found")
	must(t, m)(m.ChangePartyRole(otherPart, RoleCoClient, ""))
	must(t, m)(m.RemoveParty(otherPart))
	if len(m.Parties()) != 1 {
		t.Fatalf("parties %+v", m.Parties())
	}
}

func TestErasedMatterRefusesChanges(t *testing.T) {
	m := opened(t)
	m.ApplyErased(NoteAdded{MatterID: matterID, NoteID: "n1"})
	got, err := m.AddNote("n2", "text")
	refused(t, got, err, domain.KindErased, "matter.erased")
	got, err = m.Open(matterID, "", validOpening(), PracticeAreas{})
	refused(t, got, err, domain.KindErased, "matter.erased")
}

package matter

import (
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

func TestLifecycle(t *testing.T) {
	m := opened(t)
	must(t, m)(m.RecordConflictCheck(check(DecisionClear, "")))
	must(t, m)(m.Activate())
	must(t, m)(m.Close())
	for name, decide := range map[string]func() ([]domain.Event, error){
		"add party": func() ([]domain.Event, error) {
			return m.AddParty(NewParty{PartyID: "p3", ContactID: "c3", Role: RoleWitness})
		},
		"change role": func() ([]domain.Event, error) { return m.ChangePartyRole(otherPart, RoleWitness, "") },
		"details": func() ([]domain.Event, error) {
			return m.ChangeDetails(Details{Title: "Ny"}, "arbetsrätt", PracticeAreas{})
		},
		"team":          func() ([]domain.Event, error) { return m.ChangeTeam([]string{lawyerID}, nil) },
		"activate":      func() ([]domain.Event, error) { return m.Activate() },
		"assign lawyer": func() ([]domain.Event, error) { return m.AssignResponsibleLawyer("someone") },
	} {
		got, err := decide()
		if len(got) != 0 || codeOf(err) != "matter.closed" {
			t.Errorf("%s on a closed matter: %v, %v", name, got, err)
		}
	}
	must(t, m)(m.AddNote("n1", "Akten skickad till arkivet.\nKlart."))
	must(t, m)(m.GrantAccess("auditor-1"))
	got, err := m.Reopen("")
	refused(t, got, err, domain.KindInvalid, "matter.text.required")
	must(t, m)(m.Reopen("Överklagat"))
	if m.Status() != StatusOpen {
		t.Fatalf("reopened to %s, want open", m.Status())
	}
	got, err = m.Archive()
	refused(t, got, err, domain.KindConflict, "matter.not_closed")
	must(t, m)(m.Close())
	must(t, m)(m.Archive())
	got, err = m.AddNote("n2", "för sent")
	refused(t, got, err, domain.KindConflict, "matter.archived")
	got, err = m.Reopen("ångrat")
	refused(t, got, err, domain.KindConflict, "matter.archived")
}

func TestAnIntakeClosedReopensAsIntake(t *testing.T) {
	m := opened(t)
	must(t, m)(m.Close())
	must(t, m)(m.Reopen("Klienten återkom"))
	if m.Status() != StatusIntake {
		t.Fatalf("reopened to %s, want intake", m.Status())
	}
}

func TestVisibility(t *testing.T) {
	m := opened(t)
	must(t, m)(m.ChangeTeam([]string{"member-1"}, []string{"tvist"}))
	must(t, m)(m.GrantAccess("granted-1"))
	for viewer, want := range map[string]bool{lawyerID: true, "member-1": true, "granted-1": true, "stranger": false} {
		if got := m.VisibleTo(access.Viewer{StaffID: viewer}); got != want {
			t.Errorf("VisibleTo(%s) = %v", viewer, got)
		}
	}
	if !m.VisibleTo(access.Viewer{StaffID: "x", Teams: []string{"bolag", "tvist"}}) || m.VisibleTo(access.Viewer{Teams: []string{"bolag"}}) {
		t.Error("team visibility is wrong")
	}
	must(t, m)(m.RevokeAccess("granted-1"))
	if m.VisibleTo(access.Viewer{StaffID: "granted-1"}) {
		t.Error("a revoked grant still sees the matter")
	}
}

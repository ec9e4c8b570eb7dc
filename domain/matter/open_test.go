package matter

import (
	"slices"
	"testing"

	"github.com/klient-crm/klient/domain"
)

func TestOpenDecidesTheIntakeWithItsParties(t *testing.T) {
	m := opened(t)
	if m.Status() != StatusIntake || m.Number() != "2026-0001" || len(m.Parties()) != 2 || m.Version() != 2 {
		t.Fatalf("opened matter: %+v", m)
	}
	if m.PracticeArea() != "fastighetsrätt" || m.Details().Title != "Tvist om hyresavtal" {
		t.Fatalf("details: %q %+v", m.PracticeArea(), m.Details())
	}
	again, err := m.Open(matterID, "2026-0002", validOpening(), PracticeAreas{})
	if err != nil || len(again) != 0 {
		t.Fatalf("a faithful retry decided %v, %v", again, err)
	}
	clash := validOpening()
	clash.Title = "Något annat"
	got, err := m.Open(matterID, "2026-0002", clash, PracticeAreas{})
	refused(t, got, err, domain.KindConflict, "matter.id.taken")
}

func TestOpenReportsEveryProblem(t *testing.T) {
	o := Opening{Title: " ", PracticeArea: "astrologi", ResponsibleLawyer: "",
		Parties: []NewParty{{PartyID: "p1", ContactID: clientID, Role: "judge"}, {PartyID: "p2", ContactID: clientID, Role: RoleWitness}},
		Teams:   []string{"Tvist Team"}}
	var m Matter
	_, err := m.Open(matterID, "2026-0001", o, PracticeAreas{})
	want := []string{"title matter.text.required", "practice_area matter.practice_area.unknown",
		"responsible_lawyer matter.staff.required", "parties[0].role matter.party.role",
		"parties[1].contact_id matter.party.duplicate", "parties matter.party.client_required", "teams[0] access.team.format"}
	if got := fieldsOf(err); !slices.Equal(got, want) {
		t.Fatalf("problems %q\nwant %q", got, want)
	}
}

func TestPracticeAreasAreConfigurable(t *testing.T) {
	areas, err := NewPracticeAreas([]string{"Sjörätt", " Luftfartsrätt "})
	if err != nil {
		t.Fatal(err)
	}
	o := validOpening()
	o.PracticeArea = "sjörätt"
	var m Matter
	events, err := m.Open(matterID, "2026-0001", o, areas)
	if err != nil || events[0].(MatterOpened).PracticeArea != "Sjörätt" {
		t.Fatalf("Open with a configured area = %v, %v", events, err)
	}
	o.PracticeArea = "fastighetsrätt" // a default area the firm did not configure
	got, err := new(Matter).Open(matterID, "2026-0001", o, areas)
	refused(t, got, err, domain.KindInvalid, "matter.practice_area.unknown")
	for _, bad := range [][]string{nil, {"a", "A"}, {"två\nrader"}} {
		if _, err := NewPracticeAreas(bad); err == nil {
			t.Errorf("NewPracticeAreas(%q) accepted", bad)
		}
	}
}

func TestNumbering(t *testing.T) {
	var n Numbering
	first, events := n.Reserve(2026, "m1")
	if first != "2026-0001" || len(events) != 1 {
		t.Fatalf("first reservation %s %v", first, events)
	}
	n.Apply(events[0])
	second, events := n.Reserve(2026, "m2")
	n.Apply(events[0])
	again, none := n.Reserve(2026, "m1")
	if second != "2026-0002" || again != "2026-0001" || len(none) != 0 || n.Reserved() != 2 {
		t.Fatalf("second %s, retry %s %v, reserved %d", second, again, none, n.Reserved())
	}
	if FormatNumber(2026, 10000) != "2026-10000" {
		t.Fatal("numbers past 9999 do not grow")
	}
	if y, s, err := ParseNumber("2026-0042"); y != 2026 || s != 42 || err != nil {
		t.Fatalf("ParseNumber = %d %d %v", y, s, err)
	}
	for _, bad := range []string{"26-0001", "2026-01", "2026-0000", "2026/0001"} {
		if _, _, err := ParseNumber(bad); err == nil {
			t.Errorf("ParseNumber(%q) accepted", bad)
		}
	}
}

package conflicts_test

import (
	"context"
	"slices"
	"testing"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections/conflicts"
)

// Issue 14: "a conflict check on a matter for Åsa Lindqvist finds nothing
// although she is VD of the counterparty in another matter". The check
// follows her role to Norrsken Bygg AB and names the path; a second step
// (the parent company) only when asked for.
func TestCheckFollowsLinks(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	asa := w.person("Åsa", "Lindqvist", "19850312-4128")
	norrsken := w.organisation("Norrsken Bygg AB", "556677-8899")
	holding := w.organisation("Norrsken Holding AB", "")
	spouse := w.person("Per", "Lindqvist", "")
	w.Write(contact.StreamName(asa), contact.AffiliationAdded{ContactID: asa, OrganisationID: norrsken, Role: "VD"},
		contact.RelationshipAdded{ContactID: asa, OtherID: spouse, Kind: string(contact.RelSpouse)})
	w.Write(contact.StreamName(holding), contact.RelationshipAdded{ContactID: holding, OtherID: norrsken, Kind: string(contact.RelParent)})
	m2 := w.matter("2026-0002", map[string]matter.PartyRole{norrsken: matter.RoleCounterparty})
	m3 := w.matter("2026-0003", map[string]matter.PartyRole{holding: matter.RoleCounterparty})
	m4 := w.matter("2026-0004", map[string]matter.PartyRole{spouse: matter.RoleClient})
	w.caughtUp()

	probe := conflicts.PartyProbe{ContactID: asa, Names: []string{"Åsa Lindqvist"}}
	hits := w.check("", probe)
	byMatter := map[string]conflicts.Hit{}
	for _, h := range hits {
		byMatter[h.MatterID] = h
	}
	h, ok := byMatter[m2]
	if !ok || h.ContactID != asa || h.Kind != matter.MatchContact || h.Role != matter.RoleCounterparty || h.MatterNumber != "2026-0002" ||
		!slices.Equal(h.Path, []matter.ConflictLink{{Relation: "affiliation", ContactID: norrsken}}) || h.Party() != norrsken {
		t.Fatalf("the role's company: %+v", hits)
	}
	if h, ok := byMatter[m4]; !ok || !slices.Equal(h.Path, []matter.ConflictLink{{Relation: string(contact.RelSpouse), ContactID: spouse}}) {
		t.Fatalf("the spouse: %+v", hits)
	}
	if _, ok := byMatter[m3]; ok {
		t.Fatalf("depth 1 reached the parent company: %+v", hits)
	}

	two, err := conflicts.Check(context.Background(), w.Pool, conflicts.Input{Parties: []conflicts.PartyProbe{probe}, Depth: 2})
	must(t, err)
	var parent conflicts.Hit
	for _, h := range two {
		if h.MatterID == m3 {
			parent = h
		}
	}
	want := []matter.ConflictLink{{Relation: "affiliation", ContactID: norrsken}, {Relation: string(contact.RelParent), ContactID: holding, Reverse: true}}
	if !slices.Equal(parent.Path, want) {
		t.Fatalf("depth 2: %+v", two)
	}

	// The role ends: the link goes. An erased spouse takes theirs along.
	w.Write(contact.StreamName(asa), contact.AffiliationEnded{ContactID: asa, OrganisationID: norrsken})
	w.Write(gdpr.SubjectStreamName(spouse), gdpr.SubjectErased{SubjectID: spouse})
	w.caughtUp()
	for _, h := range w.check("", probe) {
		if len(h.Path) > 0 {
			t.Fatalf("a link outlived its end or its person: %+v", h)
		}
	}
}

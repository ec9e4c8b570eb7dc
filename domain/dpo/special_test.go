package dpo_test

import (
	"testing"

	"github.com/klient-crm/klient/domain/dpo"
)

// TestSpecialCategoriesNeedTheirGrounds: art. 9.1 forbids processing the
// special categories unless one of art. 9.2's exceptions applies, and
// art. 10 allows data on offences only under national law. Each category
// needs its kind of ground; a ground without its category is refused;
// the same marking again decides nothing; lifting what was never marked
// decides nothing.
func TestSpecialCategoriesNeedTheirGrounds(t *testing.T) {
	t.Parallel()
	base := dpo.SpecialCategoryMarked{DocumentID: "doc-1", DataSubject: "person-1", MarkedBy: "lawyer-1", MarkedAt: discovered}
	cases := []struct {
		categories []dpo.SpecialCategory
		grounds    []dpo.SpecialGround
		code       string // "" when marked
	}{
		{[]dpo.SpecialCategory{dpo.CategoryHealth}, []dpo.SpecialGround{dpo.GroundLegalClaims}, ""},
		{[]dpo.SpecialCategory{dpo.CategoryCriminal}, []dpo.SpecialGround{dpo.GroundOffencesByLaw}, ""},
		{[]dpo.SpecialCategory{dpo.CategoryHealth, dpo.CategoryCriminal}, []dpo.SpecialGround{dpo.GroundLegalClaims, dpo.GroundOffencesByLaw}, ""},
		{[]dpo.SpecialCategory{dpo.CategoryHealth}, nil, "dpo.special.ground_art9"},
		{[]dpo.SpecialCategory{dpo.CategoryHealth}, []dpo.SpecialGround{dpo.GroundOffencesByLaw}, "dpo.special.ground_art9"},
		{[]dpo.SpecialCategory{dpo.CategoryCriminal}, []dpo.SpecialGround{dpo.GroundLegalClaims}, "dpo.special.ground_art10"},
		{[]dpo.SpecialCategory{dpo.CategoryTradeUnion}, []dpo.SpecialGround{dpo.GroundEmployment, dpo.GroundOffencesByLaw}, "dpo.special.ground_unused"},
		{[]dpo.SpecialCategory{"salary"}, []dpo.SpecialGround{dpo.GroundLegalClaims}, "dpo.special.category"},
		{nil, []dpo.SpecialGround{dpo.GroundLegalClaims}, "dpo.special.ground_unused"},
	}
	for _, tc := range cases {
		e := base
		e.Categories, e.Grounds = tc.categories, tc.grounds
		var m dpo.SpecialCategoryMarking
		events, err := m.Mark(e)
		if tc.code == "" {
			if err != nil || len(events) != 1 {
				t.Errorf("%v under %v: %v", tc.categories, tc.grounds, err)
				continue
			}
			m.Apply(events[0])
			if again, err := m.Mark(e); err != nil || len(again) != 0 {
				t.Errorf("%v again: %v, %v", tc.categories, again, err)
			}
			continue
		}
		if len(events) != 0 {
			t.Errorf("%v under %v decided %v", tc.categories, tc.grounds, events)
		}
		wantCode(t, err, tc.code)
	}
	var never dpo.SpecialCategoryMarking
	if events, err := never.Mark(base); err != nil || len(events) != 0 {
		t.Errorf("lifting what was never marked: %v, %v", events, err)
	}
}

// TestEntrySpecialMarking: a log entry is marked under the documents'
// rule (a category without its ground is refused); lifting the marking is
// an event, lifting it again or lifting what was never marked decides
// nothing; a marking whose categories were erased is still in force,
// because its grounds are not sealed.
func TestEntrySpecialMarking(t *testing.T) {
	t.Parallel()
	base := dpo.CommunicationSpecialMarked{CommunicationID: "entry-1", DataSubject: "matter-1", MarkedBy: "lawyer-1", MarkedAt: discovered}
	var m dpo.EntrySpecialMarking
	if events, err := m.Mark(base); err != nil || len(events) != 0 {
		t.Fatalf("lifting what was never marked: %v, %v", events, err)
	}
	noGround := base
	noGround.Categories = []dpo.SpecialCategory{dpo.CategoryHealth}
	_, err := m.Mark(noGround)
	wantCode(t, err, "dpo.special.ground_art9")
	marked := noGround
	marked.Grounds = []dpo.SpecialGround{dpo.GroundLegalClaims, dpo.GroundLegalClaims}
	events, err := m.Mark(marked)
	if err != nil || len(events) != 1 || len(events[0].(dpo.CommunicationSpecialMarked).Grounds) != 1 {
		t.Fatalf("marking health under 9.2 f: %v, %v", events, err)
	}
	m.Apply(events[0])
	if again, err := m.Mark(marked); err != nil || len(again) != 0 {
		t.Errorf("the same marking again: %v, %v", again, err)
	}
	lifted, err := m.Mark(base)
	if err != nil || len(lifted) != 1 || lifted[0].(dpo.CommunicationSpecialMarked).Marked() {
		t.Fatalf("lifting: %v, %v", lifted, err)
	}
	m.Apply(lifted[0])
	if again, err := m.Mark(base); err != nil || len(again) != 0 {
		t.Errorf("lifting again: %v, %v", again, err)
	}
	erased := events[0].(dpo.CommunicationSpecialMarked)
	erased.Categories = nil // what a replay sees once the key is shredded
	if !erased.Marked() {
		t.Error("a marking whose categories were erased is no longer in force")
	}
}

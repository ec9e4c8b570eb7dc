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

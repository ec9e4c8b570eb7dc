package dpo_test

import (
	"reflect"
	"testing"
	"time"

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

// A merge carries the merged contact's markings to the survivor: a field
// only the merged contact marked goes over as it was, a field both marked
// gets the categories and grounds of both, a field the survivor alone
// marked is left as it is, and each of the merged contact's markings is
// lifted, naming the survivor. A contact with no markings carries none.
func TestContactMarkingsCarriedByAMerge(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	mark := func(id string, field dpo.ContactField, cats []dpo.SpecialCategory, grounds []dpo.SpecialGround) dpo.ContactSpecialCategoryMarked {
		return dpo.ContactSpecialCategoryMarked{ContactID: id, Field: field, Categories: cats, Grounds: grounds, MarkedAt: at, MarkedBy: "s-1"}
	}
	merged, survivor := new(dpo.ContactSpecialMarking), new(dpo.ContactSpecialMarking)
	merged.Apply(mark("c-a", dpo.FieldAddresses, []dpo.SpecialCategory{dpo.CategoryHealth}, []dpo.SpecialGround{dpo.GroundHealthCare}))
	merged.Apply(mark("c-a", dpo.FieldRelationships, []dpo.SpecialCategory{dpo.CategoryCriminal}, []dpo.SpecialGround{dpo.GroundOffencesByLaw}))
	survivor.Apply(mark("c-b", dpo.FieldRelationships, []dpo.SpecialCategory{dpo.CategoryHealth}, []dpo.SpecialGround{dpo.GroundLegalClaims}))
	survivor.Apply(mark("c-b", dpo.ContactWhole, []dpo.SpecialCategory{dpo.CategoryReligious}, []dpo.SpecialGround{dpo.GroundLegalClaims}))

	toSurvivor, toMerged, err := merged.CarryInto(survivor, "c-b", "c-a", "s-2", at)
	if err != nil {
		t.Fatal(err)
	}
	want := []dpo.ContactSpecialCategoryMarked{
		{ContactID: "c-b", Field: dpo.FieldAddresses, Categories: []dpo.SpecialCategory{dpo.CategoryHealth},
			Grounds: []dpo.SpecialGround{dpo.GroundHealthCare}, MarkedAt: at, MarkedBy: "s-2", CarriedFrom: "c-a"},
		{ContactID: "c-b", Field: dpo.FieldRelationships, Categories: []dpo.SpecialCategory{dpo.CategoryCriminal, dpo.CategoryHealth},
			Grounds: []dpo.SpecialGround{dpo.GroundOffencesByLaw, dpo.GroundLegalClaims}, MarkedAt: at, MarkedBy: "s-2", CarriedFrom: "c-a"},
	}
	if len(toSurvivor) != len(want) {
		t.Fatalf("the survivor gets %+v; want %+v", toSurvivor, want)
	}
	for i, w := range want {
		if !reflect.DeepEqual(toSurvivor[i], w) {
			t.Errorf("the survivor's event %d = %+v; want %+v", i, toSurvivor[i], w)
		}
	}
	if len(toMerged) != 2 {
		t.Fatalf("the merged contact gets %+v; want its two markings lifted", toMerged)
	}
	for i, f := range []dpo.ContactField{dpo.FieldAddresses, dpo.FieldRelationships} {
		e := toMerged[i].(dpo.ContactSpecialCategoryMarked)
		if e.ContactID != "c-a" || e.Field != f || len(e.Categories) != 0 || e.CarriedTo != "c-b" {
			t.Errorf("the merged contact's event %d = %+v; want %s lifted, carried to c-b", i, e, f)
		}
	}

	none, _, err := new(dpo.ContactSpecialMarking).CarryInto(survivor, "c-b", "c-a", "s-2", at)
	if err != nil || len(none) != 0 {
		t.Errorf("a contact with no markings carries %+v, %v", none, err)
	}
}

package dpo_test

import (
	"context"
	"testing"

	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/projections"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	"github.com/klient-crm/klient/projections/projtest"
)

// TestSpecialMarksAndTheirErasure: the register keeps each document's
// latest marking and counts the categories in use (the record of
// processing's art. 30.1 c); a lifted marking leaves it; when the person
// whose key seals a document is erased, its categories leave the read
// model (nothing of them is held for that subject any more) while the
// document stays marked, so it stays hidden from those without
// sensitive.read.
func TestSpecialMarksAndTheirErasure(t *testing.T) {
	t.Parallel()
	w := projtest.New(t, projtest.Config{Projectors: []projections.Projector{dpomodel.NewProjector(), dpomodel.NewSpecialContactsProjector()},
		Events: append(domaindpo.Events(), gdpr.Events()...)})
	w.Run()
	ctx := context.Background()
	person, other := projtest.NewID(), projtest.NewID()
	certificate, record, lifted := projtest.NewID(), projtest.NewID(), projtest.NewID()
	mark := func(doc, subject string, cats []domaindpo.SpecialCategory, grounds []domaindpo.SpecialGround) domaindpo.SpecialCategoryMarked {
		return domaindpo.SpecialCategoryMarked{DocumentID: doc, MatterID: "m-1", DataSubject: subject, Categories: cats, Grounds: grounds,
			MarkedAt: discovered, MarkedBy: "lawyer-1"}
	}
	health := []domaindpo.SpecialCategory{domaindpo.CategoryHealth}
	w.Write(domaindpo.SpecialStreamName(certificate), mark(certificate, person, health, []domaindpo.SpecialGround{domaindpo.GroundLegalClaims}))
	w.Write(domaindpo.SpecialStreamName(record), mark(record, other,
		[]domaindpo.SpecialCategory{domaindpo.CategoryCriminal, domaindpo.CategoryHealth},
		[]domaindpo.SpecialGround{domaindpo.GroundLegalClaims, domaindpo.GroundOffencesByLaw}))
	w.Write(domaindpo.SpecialStreamName(lifted), mark(lifted, other, health, []domaindpo.SpecialGround{domaindpo.GroundLegalClaims}),
		mark(lifted, other, nil, nil))
	w.CaughtUp("dpo")

	inUse, err := dpomodel.SpecialCategoriesInUse(ctx, w.Pool)
	projtest.Must(t, err)
	want := []dpomodel.SpecialCategoryCount{{Category: domaindpo.CategoryHealth, Documents: 2}, {Category: domaindpo.CategoryCriminal, Documents: 1}}
	if len(inUse) != 2 || inUse[0] != want[0] || inUse[1] != want[1] {
		t.Errorf("in use: %+v, want %+v", inUse, want)
	}
	marks, err := dpomodel.SpecialMarks(ctx, w.Pool, []string{certificate, record, lifted})
	projtest.Must(t, err)
	if _, ok := marks[lifted]; ok || len(marks) != 2 || len(marks[record].Grounds) != 2 {
		t.Errorf("the marks: %+v", marks)
	}

	_, err = w.Keys.Shred(ctx, person)
	projtest.Must(t, err)
	w.Write(gdpr.SubjectStreamName(person), gdpr.SubjectErased{SubjectID: person, RequestID: projtest.NewID(), ApprovedBy: "dpo-1",
		ErasedAt: discovered})
	w.CaughtUp("dpo")
	held, err := projections.RowsHeld(ctx, w.Pool, dpomodel.NewProjector().Holdings(), person)
	projtest.Must(t, err)
	marks, err = dpomodel.SpecialMarks(ctx, w.Pool, []string{certificate})
	projtest.Must(t, err)
	if held != 0 || len(marks[certificate].Categories) != 0 || len(marks) != 1 {
		t.Errorf("after the erasure: %d rows hold the person's categories, the mark is %+v", held, marks)
	}
}

// TestContactSpecialMarksAndTheirErasure: the contacts' read model keeps
// each marked field's latest marking (the whole contact one of them), a
// lifted field leaves it, the count of categories in use counts a contact
// once per category however many of its fields carry it; when the person
// is erased, the categories leave the read model while the fields stay
// marked, so they stay withheld.
func TestContactSpecialMarksAndTheirErasure(t *testing.T) {
	t.Parallel()
	w := projtest.New(t, projtest.Config{Projectors: []projections.Projector{dpomodel.NewProjector(), dpomodel.NewSpecialContactsProjector()},
		Events: append(domaindpo.Events(), gdpr.Events()...)})
	w.Run()
	ctx := context.Background()
	person, other := projtest.NewID(), projtest.NewID()
	mark := func(contact string, field domaindpo.ContactField, cats ...domaindpo.SpecialCategory) domaindpo.ContactSpecialCategoryMarked {
		grounds := []domaindpo.SpecialGround{domaindpo.GroundLegalClaims}
		if len(cats) == 0 {
			grounds = nil
		}
		return domaindpo.ContactSpecialCategoryMarked{ContactID: contact, Field: field, Categories: cats, Grounds: grounds,
			MarkedAt: discovered, MarkedBy: "lawyer-1"}
	}
	w.Write(domaindpo.ContactSpecialStreamName(person), mark(person, domaindpo.FieldAddresses, domaindpo.CategoryHealth),
		mark(person, domaindpo.FieldRelationships, domaindpo.CategoryHealth),
		mark(person, domaindpo.FieldAffiliations, domaindpo.CategoryTradeUnion), mark(person, domaindpo.FieldAffiliations))
	w.Write(domaindpo.ContactSpecialStreamName(other), mark(other, domaindpo.ContactWhole, domaindpo.CategoryHealth))
	w.CaughtUp(dpomodel.SpecialContactsName)
	w.CaughtUp("dpo") // the count reads the documents' markings too: their table is the dpo projector's

	inUse, err := dpomodel.SpecialCategoriesInUse(ctx, w.Pool)
	projtest.Must(t, err)
	if want := (dpomodel.SpecialCategoryCount{Category: domaindpo.CategoryHealth, Contacts: 2}); len(inUse) != 1 || inUse[0] != want {
		t.Errorf("in use: %+v, want %+v", inUse, want)
	}
	marks, err := dpomodel.ContactMarks(ctx, w.Pool, person)
	projtest.Must(t, err)
	if len(marks) != 2 || marks[0].Field != domaindpo.FieldAddresses || marks[1].Field != domaindpo.FieldRelationships {
		t.Errorf("the person's marks: %+v, want addresses and relationships", marks)
	}
	marked, err := dpomodel.MarkedContacts(ctx, w.Pool, []string{person, other, projtest.NewID()})
	projtest.Must(t, err)
	if len(marked) != 2 || len(marked[other]) != 1 || marked[other][0] != domaindpo.ContactWhole {
		t.Errorf("marked contacts: %+v", marked)
	}

	_, err = w.Keys.Shred(ctx, person)
	projtest.Must(t, err)
	w.Write(gdpr.SubjectStreamName(person), gdpr.SubjectErased{SubjectID: person, RequestID: projtest.NewID(), ApprovedBy: "dpo-1",
		ErasedAt: discovered})
	w.CaughtUp(dpomodel.SpecialContactsName)
	held, err := projections.RowsHeld(ctx, w.Pool, dpomodel.NewSpecialContactsProjector().Holdings(), person)
	projtest.Must(t, err)
	marks, err = dpomodel.ContactMarks(ctx, w.Pool, person)
	projtest.Must(t, err)
	if held != 0 || len(marks) != 2 || len(marks[0].Categories) != 0 {
		t.Errorf("after the erasure: %d rows hold the person's categories, the marks are %+v", held, marks)
	}
}

package dpo_test

import (
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/dpo"
)

// TestRecordHoldsEveryFieldArticle30Lists: each field of art. 30.1 is
// required (the representative of art. 27 only where there is one); the
// contacts go to the sealed fields; saving the same record again decides
// nothing.
func TestRecordHoldsEveryFieldArticle30Lists(t *testing.T) {
	t.Parallel()
	var r dpo.Record
	_, err := r.Edit(dpo.ProcessingRecord{ControllerName: "Byrån AB"}, "dpo-1", discovered)
	for _, field := range []string{"organisation_number", "controller_address", "dpo_contact", "purposes", "subject_categories",
		"data_categories", "recipients", "transfers", "retention", "measures"} {
		wantField(t, err, field)
	}
	rec := dpo.ProcessingRecord{ControllerName: "Byrån AB", OrganisationNumber: "556000-0000", ControllerAddress: "Storgatan 1",
		DPOContact: "Dataskyddsombudet Eva Ek, dataskydd@byran.se", Purposes: "Klientrelation", SubjectCategories: "Klienter",
		DataCategories: "Namn", Recipients: "Domstolar", Transfers: "Inga", Retention: "Tio år", Measures: "Kryptering"}
	events := must(r.Edit(rec, "dpo-1", discovered))
	e := events[0].(dpo.ProcessingRecordEdited)
	if e.DPOContact != rec.DPOContact || e.Rest.DPOContact != "" || e.Record() != rec {
		t.Errorf("edited %+v: the contact must be in the sealed field only", e)
	}
	for _, e := range events {
		r.Apply(e)
	}
	if again := must(r.Edit(rec, "dpo-1", discovered)); len(again) != 0 {
		t.Errorf("the same record again decided %v", again)
	}
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var p domain.Problems
	p.Add(err)
	for _, e := range p {
		if de, ok := e.(*domain.Error); ok && de.Field == field {
			return
		}
	}
	t.Errorf("want a refusal of %s, got %v", field, err)
}

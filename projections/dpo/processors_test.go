package dpo_test

import (
	"context"
	"testing"
	"time"

	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/projections"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	"github.com/klient-crm/klient/projections/projtest"
)

// TestSignedProcessorsForTheIntegrations: the integrations' webhooks read
// the register of processors only through these two queries, against the
// tables the model's projector builds at its current version (the webhook
// sender and form never name them, so a version that moves the tables
// moves these with it). A processor with its art. 28 agreement signed is
// offered and bound; one without, an unknown ID and no ID are not; and a
// processor rewritten without its agreement is unbound at once.
func TestSignedProcessorsForTheIntegrations(t *testing.T) {
	t.Parallel()
	w := projtest.New(t, projtest.Config{Projectors: []projections.Projector{dpomodel.NewProjector()}, Events: domaindpo.Events()})
	w.Run()
	ctx := context.Background()
	signed, unsigned := projtest.NewID(), projtest.NewID()
	processor := func(id, name string, agreement time.Time) domaindpo.ProcessorRecorded {
		return domaindpo.ProcessorRecorded{ProcessorID: id, Name: name, Service: "Fakturering", DataCategories: "Namn, e-post",
			Countries: []string{"SE"}, Mechanism: domaindpo.MechanismNone, AgreementSigned: agreement,
			ReviewBy: discovered.AddDate(1, 0, 0), RecordedBy: "dpo-1"}
	}
	w.Write(domaindpo.ProcessorStreamName(signed), processor(signed, "Fakturabolaget AB", discovered))
	w.Write(domaindpo.ProcessorStreamName(unsigned), processor(unsigned, "Arkivbolaget AB", time.Time{}))
	w.CaughtUp("dpo")

	list, err := dpomodel.SignedProcessors(ctx, w.Pool)
	projtest.Must(t, err)
	if len(list) != 1 || list[0] != (dpomodel.SignedProcessor{ID: signed, Name: "Fakturabolaget AB"}) {
		t.Fatalf("the processors a webhook may be tied to: %+v, want Fakturabolaget AB alone", list)
	}
	for id, want := range map[string]bool{signed: true, unsigned: false, projtest.NewID(): false, "": false} {
		got, err := dpomodel.AgreementSigned(ctx, w.Pool, id)
		projtest.Must(t, err)
		if got != want {
			t.Errorf("processor %q bound: %v, want %v", id, got, want)
		}
	}

	w.Write(domaindpo.ProcessorStreamName(signed), processor(signed, "Fakturabolaget AB", time.Time{}))
	w.CaughtUp("dpo")
	if got, err := dpomodel.AgreementSigned(ctx, w.Pool, signed); err != nil || got {
		t.Errorf("a processor rewritten without its agreement is bound: %v, %v", got, err)
	}
	if list, err := dpomodel.SignedProcessors(ctx, w.Pool); err != nil || len(list) != 0 {
		t.Errorf("after the rewrite the form offers %+v (%v), want none", list, err)
	}
}

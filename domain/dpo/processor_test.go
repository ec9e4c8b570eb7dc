package dpo_test

import (
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/dpo"
)

// TestTransfersOutsideTheEEANeedAMechanism: art. 44 — a transfer to a
// third country needs a ground of chapter V; clauses and binding rules
// need a transfer assessment; EEA countries (Norway among them) need none.
func TestTransfersOutsideTheEEANeedAMechanism(t *testing.T) {
	t.Parallel()
	now := discovered
	base := dpo.ProcessorRecorded{ProcessorID: "p-1", Name: "Molnet", Service: "E-post", DataCategories: "Korrespondens",
		Mechanism: dpo.MechanismNone, ReviewBy: now.AddDate(1, 0, 0), RecordedBy: "dpo-1"}
	cases := []struct {
		countries []string
		mechanism dpo.Mechanism
		assessed  time.Time
		refused   string // the field refused, "" when recorded
	}{
		{[]string{"se", "NO"}, dpo.MechanismNone, time.Time{}, ""},
		{[]string{"SE", "US"}, dpo.MechanismNone, time.Time{}, "mechanism"},
		{[]string{"US"}, dpo.MechanismSCC, time.Time{}, "transfer_assessed"},
		{[]string{"US"}, dpo.MechanismSCC, now.AddDate(0, -1, 0), ""},
		{[]string{"US"}, dpo.MechanismAdequacy, time.Time{}, ""},
		{[]string{"USA"}, dpo.MechanismAdequacy, time.Time{}, "countries"},
		{nil, dpo.MechanismNone, time.Time{}, "countries"},
	}
	for _, tc := range cases {
		e := base
		e.Countries, e.Mechanism, e.TransferAssessed = tc.countries, tc.mechanism, tc.assessed
		var p dpo.Processor
		events, err := p.Record(e, now)
		if tc.refused == "" {
			if err != nil || len(events) != 1 {
				t.Errorf("%v under %s: %v", tc.countries, tc.mechanism, err)
			}
			continue
		}
		wantField(t, err, tc.refused)
	}
}

// TestReviewFallsDueOnItsDay: the reminder turns into "due" on the day.
func TestReviewFallsDueOnItsDay(t *testing.T) {
	t.Parallel()
	e := dpo.ProcessorRecorded{ReviewBy: discovered}
	if e.ReviewDue(discovered.Add(-time.Second)) || !e.ReviewDue(discovered) {
		t.Error("a review is due from its day, not before")
	}
}

// TestTheSignedAgreementIsAPDF: art. 28.9 — the agreement is in writing;
// the register keeps the signed PDF. A file named .pdf that is not one
// (or a PDF under another name) is refused; an agreement of a processor
// not recorded is not found; the same document again decides nothing.
func TestTheSignedAgreementIsAPDF(t *testing.T) {
	t.Parallel()
	var p dpo.Processor
	e := dpo.ProcessorAgreementAttached{ProcessorID: "p-1", DocumentID: "doc-1", Name: "avtal.pdf", SHA256: []byte{1}, Size: 10,
		AttachedAt: discovered, AttachedBy: "dpo-1"}
	if _, err := p.AttachAgreement(e, "application/pdf"); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("an agreement of no processor: %v", err)
	}
	p.Apply(dpo.ProcessorRecorded{ProcessorID: "p-1", Name: "Molnet", Service: "E-post", DataCategories: "Korrespondens",
		Countries: []string{"SE"}, Mechanism: dpo.MechanismNone, ReviewBy: discovered.AddDate(1, 0, 0), RecordedBy: "dpo-1"})
	for _, tc := range []struct{ name, sniffed string }{
		{"avtal.pdf", "text/plain; charset=utf-8"},
		{"avtal.docx", "application/zip"},
		{"avtal.txt", "application/pdf"},
	} {
		bad := e
		bad.Name = tc.name
		if _, err := p.AttachAgreement(bad, tc.sniffed); domain.KindOf(err) != domain.KindInvalid {
			t.Errorf("%s sniffed as %s: %v", tc.name, tc.sniffed, err)
		}
	}
	events, err := p.AttachAgreement(e, "application/pdf")
	if err != nil || len(events) != 1 {
		t.Fatalf("a signed PDF: %v, %v", events, err)
	}
	p.Apply(events[0])
	if again, err := p.AttachAgreement(e, "application/pdf"); err != nil || len(again) != 0 || !p.HasAgreement("doc-1") {
		t.Errorf("the same upload again: %v, %v", again, err)
	}
}

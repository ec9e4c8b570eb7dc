package gdpr_test

import (
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
)

func TestLegitimateInterestNeedsABalancingNote(t *testing.T) {
	t.Parallel()
	s := gdpr.NewSubject(subjectID)
	b := gdpr.LawfulBasisRecorded{BasisID: "b1", Basis: gdpr.BasisLegitimateInterest, Purpose: "matter_handling", RecordedBy: staffID}
	_, err := s.RecordBasis(gdpr.DefaultPurposes, b)
	refusedWith(t, err, domain.KindInvalid, "gdpr.basis.balancing_note_required")
	b.Note = "Motpart i tvist; behandlingen krävs för att tillvarata klientens rätt."
	evs, err := s.RecordBasis(gdpr.DefaultPurposes, b)
	if err != nil || len(evs) != 1 || evs[0].(gdpr.LawfulBasisRecorded).SubjectID != subjectID {
		t.Fatalf("RecordBasis = %v, %v", evs, err)
	}
}

func TestRecordBasisRetriesAndClashes(t *testing.T) {
	t.Parallel()
	s := gdpr.NewSubject(subjectID)
	b := gdpr.LawfulBasisRecorded{BasisID: "b1", Basis: gdpr.BasisContract, Purpose: "client_relationship", RecordedBy: staffID}
	decided(t, s)(s.RecordBasis(gdpr.DefaultPurposes, b))
	if evs, err := s.RecordBasis(gdpr.DefaultPurposes, b); err != nil || len(evs) != 0 {
		t.Fatalf("retry: %v, %v", evs, err)
	}
	b.Basis = gdpr.BasisLegalObligation
	_, err := s.RecordBasis(gdpr.DefaultPurposes, b)
	refusedWith(t, err, domain.KindConflict, "gdpr.basis.id_taken")
	b.BasisID, b.Purpose = "b2", "astrology"
	_, err = s.RecordBasis(gdpr.DefaultPurposes, b)
	refusedWith(t, err, domain.KindInvalid, "gdpr.purpose.unknown")

	_, err = s.EndBasis("b1", "")
	refusedWith(t, err, domain.KindInvalid, "gdpr.text.required")
	decided(t, s)(s.EndBasis("b1", "Uppdraget avslutat"))
	if st := s.State(); !st.Bases[0].Ended || st.Bases[0].EndReason != "Uppdraget avslutat" {
		t.Fatalf("bases %+v", st.Bases)
	}
	_, err = s.EndBasis("b9", "x")
	refusedWith(t, err, domain.KindNotFound, "gdpr.basis.not_found")
}

func TestConsentChecks(t *testing.T) {
	t.Parallel()
	s := gdpr.NewSubject(subjectID)
	verbal := marketingConsent("c1")
	verbal.How = gdpr.ConsentVerbally
	_, err := s.GiveConsent(gdpr.DefaultPurposes, verbal, now)
	refusedWith(t, err, domain.KindInvalid, "gdpr.text.required")
	future := marketingConsent("c1")
	future.GivenAt = now.Add(time.Minute)
	_, err = s.GiveConsent(gdpr.DefaultPurposes, future, now)
	refusedWith(t, err, domain.KindInvalid, "gdpr.consent.given_in_future")

	decided(t, s)(s.GiveConsent(gdpr.DefaultPurposes, marketingConsent("c1"), now))
	_, err = s.WithdrawConsent("c1", gdpr.ViaStaff, now.Add(-2*time.Hour), now)
	refusedWith(t, err, domain.KindInvalid, "gdpr.consent.withdrawn_before_given")
	_, err = s.WithdrawConsent("c9", gdpr.ViaStaff, time.Time{}, now)
	refusedWith(t, err, domain.KindNotFound, "gdpr.consent.not_found")
	other := marketingConsent("c1")
	other.Scope = "Något annat"
	_, err = s.GiveConsent(gdpr.DefaultPurposes, other, now)
	refusedWith(t, err, domain.KindConflict, "gdpr.consent.id_taken")
}

package gdpr_test

import (
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/gdpr"
)

// Retention deletes a "contact without a lawful basis" two years after
// their last activity (the contact_without_basis rule's ground: "kontakt
// utan rättslig grund"). The lawful bases of art. 6 are recorded bases
// and consents (README, "Lawful basis (art. 6)": consent, contract, legal
// obligation, legitimate interest); ending a basis says it no longer
// applies, and a withdrawn consent no longer carries anything
// (docs/privacy.md). Objections and restrictions are rights the person
// uses, not bases the firm has.
func TestHasBasis(t *testing.T) {
	t.Parallel()
	contract := gdpr.LawfulBasisRecorded{BasisID: "b1", Basis: gdpr.BasisContract, Purpose: "client_relationship", RecordedBy: staffID}
	obligation := gdpr.LawfulBasisRecorded{BasisID: "b2", Basis: gdpr.BasisLegalObligation, Purpose: "client_relationship", RecordedBy: staffID}
	for _, tc := range []struct {
		name  string
		steps func(t *testing.T, s *gdpr.Subject)
		want  bool
	}{
		{"nothing recorded", func(*testing.T, *gdpr.Subject) {}, false},
		{"a contract", func(t *testing.T, s *gdpr.Subject) {
			decided(t, s)(s.RecordBasis(gdpr.DefaultPurposes, contract))
		}, true},
		{"the contract ended", func(t *testing.T, s *gdpr.Subject) {
			decided(t, s)(s.RecordBasis(gdpr.DefaultPurposes, contract))
			decided(t, s)(s.EndBasis("b1", "Uppdraget avslutat"))
		}, false},
		{"one of two bases ended", func(t *testing.T, s *gdpr.Subject) {
			decided(t, s)(s.RecordBasis(gdpr.DefaultPurposes, contract))
			decided(t, s)(s.RecordBasis(gdpr.DefaultPurposes, obligation))
			decided(t, s)(s.EndBasis("b1", "Uppdraget avslutat"))
		}, true},
		{"a consent", func(t *testing.T, s *gdpr.Subject) {
			decided(t, s)(s.GiveConsent(gdpr.DefaultPurposes, marketingConsent("c1"), now))
		}, true},
		{"the consent withdrawn", func(t *testing.T, s *gdpr.Subject) {
			decided(t, s)(s.GiveConsent(gdpr.DefaultPurposes, marketingConsent("c1"), now))
			decided(t, s)(s.WithdrawConsent("c1", gdpr.ViaLink, time.Time{}, now))
		}, false},
		{"an ended basis and a standing consent", func(t *testing.T, s *gdpr.Subject) {
			decided(t, s)(s.RecordBasis(gdpr.DefaultPurposes, contract))
			decided(t, s)(s.EndBasis("b1", "Uppdraget avslutat"))
			decided(t, s)(s.GiveConsent(gdpr.DefaultPurposes, marketingConsent("c1"), now))
		}, true},
		{"an objection and a restriction only", func(t *testing.T, s *gdpr.Subject) {
			decided(t, s)(s.Object(gdpr.ObjectToProcessing, "Skyddad identitet"))
			decided(t, s)(s.Restrict("r1", "Riktigheten bestrids", date(2026, time.April, 1)))
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := gdpr.NewSubject(subjectID)
			tc.steps(t, s)
			if got := s.State().HasBasis(); got != tc.want {
				t.Fatalf("HasBasis = %v, want %v (state %+v)", got, tc.want, s.State())
			}
		})
	}
}

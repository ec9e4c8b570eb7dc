package gdpr_test

import (
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

func TestMayMarketNeedsAnActiveMarketingConsent(t *testing.T) {
	t.Parallel()
	s := gdpr.NewSubject(subjectID)
	if gdpr.MayMarket(s.State()) {
		t.Fatal("marketable without consent")
	}
	s = consenting(t)
	if !gdpr.MayMarket(s.State()) {
		t.Fatal("not marketable with an active marketing consent")
	}
	decided(t, s)(s.WithdrawConsent("c1", gdpr.ViaLink, time.Time{}, now))
	if gdpr.MayMarket(s.State()) {
		t.Fatal("marketable after withdrawal")
	}
	if evs, err := s.WithdrawConsent("c1", gdpr.ViaLink, time.Time{}, now); err != nil || len(evs) != 0 {
		t.Fatalf("second withdrawal: %v, %v", evs, err)
	}
}

// Art. 21.3: after an objection to direct marketing, never again.
func TestObjectionToDirectMarketingIsForever(t *testing.T) {
	t.Parallel()
	s := consenting(t)
	decided(t, s)(s.Object(gdpr.ObjectToDirectMarketing, ""))
	if gdpr.MayMarket(s.State()) {
		t.Fatal("marketable after objection")
	}
	_, err := s.GiveConsent(gdpr.DefaultPurposes, marketingConsent("c2"), now)
	refusedWith(t, err, domain.KindConflict, "gdpr.consent.objected_marketing")
	// Even a state that somehow holds a fresh consent stays unmarketable.
	st := s.State()
	st.Consents = append(st.Consents, gdpr.ConsentRecord{ConsentID: "c3", Purpose: gdpr.PurposeMarketing})
	if gdpr.MayMarket(st) {
		t.Fatal("marketable with an objection on record")
	}
}

func TestObjectionToProcessingNeedsGrounds(t *testing.T) {
	t.Parallel()
	s := consenting(t)
	_, err := s.Object(gdpr.ObjectToProcessing, "")
	refusedWith(t, err, domain.KindInvalid, "gdpr.objection.reason_required")
	decided(t, s)(s.Object(gdpr.ObjectToProcessing, "Skyddad identitet"))
	if gdpr.MayMarket(s.State()) {
		t.Fatal("marketable after an objection to processing")
	}
}

func TestRestrictionStopsMarketingUntilLifted(t *testing.T) {
	t.Parallel()
	s := consenting(t)
	decided(t, s)(s.Restrict("r1", "Riktigheten bestrids", work.Date{}))
	if !gdpr.Restricted(s.State()) || gdpr.MayMarket(s.State()) {
		t.Fatal("restriction did not stop marketing")
	}
	if evs, err := s.Restrict("r1", "Riktigheten bestrids", work.Date{}); err != nil || len(evs) != 0 {
		t.Fatalf("restricting twice: %v, %v", evs, err)
	}
	_, err := s.Lift("")
	refusedWith(t, err, domain.KindInvalid, "gdpr.actor.id")
	decided(t, s)(s.Lift(staffID))
	if gdpr.Restricted(s.State()) || !gdpr.MayMarket(s.State()) {
		t.Fatal("lifting did not restore marketing")
	}
}

func TestErasedSubjectRefusesEverything(t *testing.T) {
	t.Parallel()
	s := consenting(t)
	s.ApplyErased(nil)
	if gdpr.MayMarket(s.State()) {
		t.Fatal("an erased subject is marketable")
	}
	_, err := s.Object(gdpr.ObjectToDirectMarketing, "")
	refusedWith(t, err, domain.KindErased, "gdpr.subject.erased")
}

package gdpr_test

import (
	"context"
	"testing"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
)

// giveMarketingConsent records a marketing consent and returns its ID.
func giveMarketingConsent(t *testing.T, g *gdprWorld, subject string) string {
	t.Helper()
	h, err := gdprcmd.NewGiveConsentHandler(g.subjects)
	must(t, err)
	res, err := h.Handle(context.Background(), gdprcmd.GiveConsent{Actor: staff, SubjectID: subject,
		Purpose: gdpr.PurposeMarketing, Scope: "Nyhetsbrev om familjerätt", How: gdpr.ConsentVerbally,
		Where: "Klientmöte på kontoret", Evidence: "Samtycke lämnat muntligen inför biträdande jurist"})
	must(t, err)
	return res.RecordID
}

func TestConsentGivenAndWithdrawnByStaff(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	subject := g.person(t)
	consent := giveMarketingConsent(t, g, subject)
	h, err := gdprcmd.NewWithdrawConsentHandler(g.subjects)
	must(t, err)
	_, err = h.Handle(context.Background(), gdprcmd.WithdrawConsent{Actor: staff, SubjectID: subject, ConsentID: consent})
	must(t, err)
	stream := gdpr.SubjectStreamName(subject)
	g.noPlaintext(t, stream, "muntligen")
	ds := g.decoded(t, stream)
	w := ds[1].Event.(gdpr.ConsentWithdrawn)
	if w.Via != gdpr.ViaStaff || !w.WithdrawnAt.Equal(today) || ds[0].Event.(gdpr.ConsentGiven).GivenAt.IsZero() {
		t.Fatalf("events %+v, %+v", ds[0].Event, w)
	}
}

func TestConsentWithdrawnByLink(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	subject := g.person(t)
	consent := giveMarketingConsent(t, g, subject)
	h, err := gdprcmd.NewWithdrawConsentByLinkHandler(g.subjects, g.links)
	must(t, err)
	token, err := g.links.Sign(subject, consent, today.Add(90*24*time.Hour))
	must(t, err)
	for click := 0; click < 2; click++ { // the second click finds it withdrawn
		_, err = h.Handle(context.Background(), gdprcmd.WithdrawConsentByLink{Token: token, CorrelationID: "req-link"})
		must(t, err)
	}
	ds := g.decoded(t, gdpr.SubjectStreamName(subject))
	if len(ds) != 2 || ds[1].Event.(gdpr.ConsentWithdrawn).Via != gdpr.ViaLink || ds[1].Metadata.Actor != gdprcmd.LinkActorID {
		t.Fatalf("stream after two clicks: %d events, last %+v by %s", len(ds), ds[len(ds)-1].Event, ds[len(ds)-1].Metadata.Actor)
	}
}

func TestForgedOrExpiredLinkWritesNothing(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	subject := g.person(t)
	consent := giveMarketingConsent(t, g, subject)
	h, err := gdprcmd.NewWithdrawConsentByLinkHandler(g.subjects, g.links)
	must(t, err)
	expired, err := g.links.Sign(subject, consent, today.Add(-time.Minute))
	must(t, err)
	_, err = h.Handle(context.Background(), gdprcmd.WithdrawConsentByLink{Token: expired})
	refusedWith(t, err, domain.KindInvalid, "gdpr.link.expired")

	other, err := gdpr.NewWithdrawalLinks([]byte("another firm's key, 32 bytes long!"))
	must(t, err)
	forged, err := other.Sign(subject, consent, today.Add(time.Hour))
	must(t, err)
	_, err = h.Handle(context.Background(), gdprcmd.WithdrawConsentByLink{Token: forged})
	refusedWith(t, err, domain.KindInvalid, "gdpr.link.invalid")
	if got := g.typesOf(t, gdpr.SubjectStreamName(subject)); len(got) != 1 {
		t.Fatalf("refused links wrote %v", got)
	}
}

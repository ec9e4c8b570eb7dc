package gdpr_test

import (
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
)

// received returns an access request received on 31 January 2026.
func received(t *testing.T, kind gdpr.RequestKind) *gdpr.Request {
	t.Helper()
	r := new(gdpr.Request)
	at := time.Date(2026, time.January, 31, 10, 0, 0, 0, time.UTC)
	decided(t, r)(r.Receive(gdpr.DataSubjectRequestReceived{RequestID: "r1", SubjectID: subjectID, Kind: kind,
		ReceivedAt: at, Channel: gdpr.ChannelEmail}, at))
	return r
}

func TestReceivedRequestIsDueInOneMonth(t *testing.T) {
	t.Parallel()
	r := received(t, gdpr.KindAccess)
	if r.Deadline() != date(2026, time.February, 28) || r.Status() != gdpr.StatusOpen {
		t.Fatalf("deadline %s, status %s", r.Deadline(), r.Status())
	}
}

func TestExtensionOnceByAtMostTwoMonths(t *testing.T) {
	t.Parallel()
	inTime := time.Date(2026, time.February, 20, 10, 0, 0, 0, time.UTC)
	r := received(t, gdpr.KindAccess)
	_, err := r.Extend(date(2026, time.April, 29), "Omfattande akt", inTime)
	refusedWith(t, err, domain.KindInvalid, "gdpr.request.extension_too_long")
	_, err = r.Extend(date(2026, time.February, 27), "Omfattande akt", inTime)
	refusedWith(t, err, domain.KindInvalid, "gdpr.request.extension_not_later")
	_, err = r.Extend(date(2026, time.April, 28), " ", inTime)
	refusedWith(t, err, domain.KindInvalid, "gdpr.text.required")

	decided(t, r)(r.Extend(date(2026, time.April, 28), "Omfattande akt", inTime))
	if r.Deadline() != date(2026, time.April, 28) {
		t.Fatalf("deadline after extension %s", r.Deadline())
	}
	_, err = r.Extend(date(2026, time.April, 20), "Igen", inTime)
	refusedWith(t, err, domain.KindConflict, "gdpr.request.already_extended")
}

// Art. 12.3: the subject must hear of the extension within the first month.
func TestExtensionAfterTheDeadlineIsRefused(t *testing.T) {
	t.Parallel()
	r := received(t, gdpr.KindAccess)
	late := time.Date(2026, time.March, 1, 10, 0, 0, 0, time.UTC)
	_, err := r.Extend(date(2026, time.April, 28), "För sent", late)
	refusedWith(t, err, domain.KindConflict, "gdpr.request.extension_late")
}

func TestCompletionNeedsAVerifiedIdentityButForObjections(t *testing.T) {
	t.Parallel()
	r := received(t, gdpr.KindAccess)
	_, err := r.Complete("Registerutdrag skickat", now)
	refusedWith(t, err, domain.KindConflict, "gdpr.request.unverified")
	decided(t, r)(r.VerifyIdentity("BankID", staffID))
	decided(t, r)(r.Complete("Registerutdrag skickat", now))
	if evs, err := r.Complete("igen", now); err != nil || len(evs) != 0 {
		t.Fatalf("completing twice: %v, %v", evs, err)
	}
	_, err = r.Refuse("Uppenbart ogrundad", now)
	refusedWith(t, err, domain.KindConflict, "gdpr.request.closed")

	o := received(t, gdpr.KindObjection)
	decided(t, o)(o.Complete("", now))
	if o.Status() != gdpr.StatusCompleted {
		t.Fatalf("objection status %s", o.Status())
	}
}

func TestReceiveRefusesBadInputAndClashingRetries(t *testing.T) {
	t.Parallel()
	r := new(gdpr.Request)
	_, err := r.Receive(gdpr.DataSubjectRequestReceived{RequestID: "r1", SubjectID: subjectID, Kind: "gossip",
		ReceivedAt: now, Channel: gdpr.ChannelEmail}, now)
	refusedWith(t, err, domain.KindInvalid, "gdpr.request.kind")
	_, err = r.Receive(gdpr.DataSubjectRequestReceived{RequestID: "r1", SubjectID: subjectID, Kind: gdpr.KindAccess,
		ReceivedAt: now.Add(time.Hour), Channel: gdpr.ChannelEmail}, now)
	refusedWith(t, err, domain.KindInvalid, "gdpr.request.received_in_future")

	r = received(t, gdpr.KindAccess)
	_, err = r.Receive(gdpr.DataSubjectRequestReceived{RequestID: "r1", SubjectID: subjectID, Kind: gdpr.KindErasure,
		ReceivedAt: now, Channel: gdpr.ChannelEmail}, now)
	refusedWith(t, err, domain.KindConflict, "gdpr.request.id_taken")
}

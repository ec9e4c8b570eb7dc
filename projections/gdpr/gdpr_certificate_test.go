package gdpr_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/projections/gdpr"
)

// The executor opens the certificate and records the key; the projector
// adds SubjectErased; the verification adds the residue. The certificate
// names the subject only by hash, and survives a rebuild.
func TestErasureCertificate(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	subject := w.person("Erik")
	req := w.request(subject, gdprdomain.KindErasure, "Radera mig")
	_, err := w.requestErasure(noFacts{}, req.RequestID)
	must(t, err)
	_, err = gdpr.Certificate(ctx, w.Pool, req.RequestID)
	if domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("certificate before the erasure: %v", err)
	}

	ledger := gdpr.NewLedger(w.Pool)
	must(t, ledger.Open(ctx, gdpr.Opening{ErasureID: req.RequestID, SubjectID: subject, ExecutedBy: "dpo-1",
		StartedAt: w.clock, EventsUnreadable: map[string]int64{"contact-" + subject: 1, "dsr-" + req.RequestID: 2},
		RowsErased: map[string]int64{"contacts": 1}, Documents: 3, HeldMail: 2}))
	// A retry after the held mail went (before the key) counts none left:
	// the certificate keeps the two destroyed.
	must(t, ledger.Open(ctx, gdpr.Opening{ErasureID: req.RequestID, SubjectID: subject, ExecutedBy: "dpo-1",
		StartedAt: w.clock, EventsUnreadable: map[string]int64{"contact-" + subject: 1, "dsr-" + req.RequestID: 2},
		RowsErased: map[string]int64{"contacts": 1}, Documents: 3}))
	tomb, err := w.Keys.Shred(ctx, subject)
	must(t, err)
	must(t, ledger.KeyDestroyed(ctx, req.RequestID, gdpr.KeyDestruction{Fingerprint: tomb.Fingerprint, KeyID: tomb.KeyID, DestroyedAt: tomb.ShreddedAt}))
	must(t, ledger.Open(ctx, gdpr.Opening{ErasureID: req.RequestID, SubjectID: subject, StartedAt: w.clock})) // a retry
	w.recordErasure(subject, req.RequestID, tomb.Fingerprint)
	w.caughtUp()
	must(t, ledger.Verify(ctx, req.RequestID, map[string]int64{"contacts": 0}, time.Now()))
	must(t, w.RT.Rebuild(ctx, "gdpr", nil))

	c, err := gdpr.Certificate(ctx, w.Pool, req.RequestID)
	must(t, err)
	if !c.Verified() || c.SubjectHash != gdpr.SubjectHash(subject) || c.ApprovedBy != staff.ID || c.ExecutedBy != "dpo-1" ||
		c.EventsUnreadable["contact-{subject}"] != 1 || c.DocumentsDeleted != 3 || c.HeldMailDestroyed != 2 || c.Key.Fingerprint != tomb.Fingerprint {
		t.Fatalf("certificate %+v", c)
	}
	var out bytes.Buffer
	must(t, gdpr.WriteCertificateJSON(&out, c))
	if strings.Contains(out.String(), subject) || !strings.Contains(out.String(), `"verified": true`) ||
		!strings.Contains(out.String(), `"held_mail_destroyed": 2`) {
		t.Fatalf("certificate JSON:\n%s", out.String())
	}
	list, err := gdpr.Certificates(ctx, w.Pool, 10)
	if err != nil || len(list) != 1 || list[0].ErasureID != req.RequestID {
		t.Fatalf("certificates %+v, %v", list, err)
	}
}

func TestRestrictionGuard(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	subject := w.person("Rut")
	guard := gdpr.NewRestrictionGuard(w.Pool)
	w.caughtUp()
	if r, err := guard.Restricted(ctx, subject); err != nil || r {
		t.Fatalf("unknown subject restricted = %v, %v", r, err)
	}
	w.restrict(subject, "Bestrider riktigheten")
	w.caughtUp()
	if r, err := guard.Restricted(ctx, subject); err != nil || !r {
		t.Fatalf("restricted subject = %v, %v", r, err)
	}
}

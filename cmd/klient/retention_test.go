package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// `klient retention run` lists and deletes by pseudonym only; `klient
// retention log` shows the deletion, and finds it by the person's ID.
// (What retention deletes, and when, is internal/retention's test.)
func TestRetentionRunAndLog(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	ctx := context.Background()
	a := s.open(t)
	live(t, a) // as serve runs them beside the daily run
	p := person(t, a, contact.PersonDetails{GivenName: "Gunnar", FamilyName: "Gallrasson"})
	settle(t, a, p.Position)
	out, err := s.run(t, runRetention, "run", "--dry-run")
	if err != nil || !strings.Contains(out, "session   -          P30D from created") || strings.Contains(out, "contact_without_basis") {
		t.Fatalf("dry run today: %v\n%s", err, out)
	}
	later := func() time.Time { return time.Now().AddDate(2, 1, 0) }
	jobs := a.retentionJobs()
	h, err := jobs.Handler(gdpr.DefaultRetentionRules, later)
	check(t, err)
	var dry strings.Builder
	report, err := jobs.Run(ctx, h, true, later)
	check(t, err)
	printRetention(&dry, report, true)
	if !strings.Contains(dry.String(), gdprmodel.SubjectHash(p.ContactID)) || !strings.Contains(dry.String(), "P2Y from last_activity") ||
		strings.Contains(dry.String(), p.ContactID) || strings.Contains(dry.String(), "Gallrasson") {
		t.Fatalf("dry run:\n%s", dry.String())
	}
	if report, err = jobs.Run(ctx, h, false, later); err != nil || len(report.Deleted) != 1 {
		t.Fatalf("run: %v %+v", err, report)
	}
	out, err = s.run(t, runRetention, "log", "--subject", p.ContactID)
	check(t, err)
	if !strings.Contains(out, gdprmodel.SubjectHash(p.ContactID)) || !strings.Contains(out, "contact_without_basis") ||
		!strings.Contains(out, "retention") || strings.Contains(out, p.ContactID) {
		t.Fatalf("log:\n%s", out)
	}
}

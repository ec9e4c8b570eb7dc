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

// KLIENT_HELD_MAIL_DAYS sets how long incoming e-mail waits for filing
// (issue 15): 30 days without it, the number of days it gives (1–365),
// and a value that is no such number stops the command with its name.
func TestHeldMailDaysFromTheEnvironment(t *testing.T) {
	for _, c := range []struct {
		value string
		days  int
		err   string
	}{{"", 30, ""}, {"14", 14, ""}, {"tre", 0, "KLIENT_HELD_MAIL_DAYS"}, {"0", 0, "1 to 365"}, {"366", 0, "1 to 365"}} {
		t.Setenv("KLIENT_HELD_MAIL_DAYS", c.value)
		rules, err := retentionRules("")
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("KLIENT_HELD_MAIL_DAYS=%q: %v, want an error naming %q", c.value, err, c.err)
			}
			continue
		}
		rule, ok := rules.Rule(gdpr.CategoryHeldMail)
		if err != nil || !ok || rule.Period != (gdpr.Period{Days: c.days}) || len(rules) != len(gdpr.DefaultRetentionRules) {
			t.Errorf("KLIENT_HELD_MAIL_DAYS=%q: %+v (%v), want held mail kept %d days", c.value, rule, err, c.days)
		}
	}
}

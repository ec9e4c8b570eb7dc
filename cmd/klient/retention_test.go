package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// The runner lists and deletes by pseudonym only; the log shows the
// deletion, and finds it by the person's ID.
func TestRetentionRunAndLog(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	ctx := context.Background()
	a := s.open(t)
	p := person(t, a, contact.PersonDetails{GivenName: "Gunnar", FamilyName: "Gallrasson"})
	project(t, a, p.Position)
	out, err := s.run(t, runRetention, "run", "--dry-run")
	if err != nil || !strings.Contains(out, "session   -          P30D from created") || strings.Contains(out, "contact_without_basis") {
		t.Fatalf("dry run today: %v\n%s", err, out)
	}
	later := func() time.Time { return time.Now().AddDate(2, 1, 0) }
	h, err := a.retentionHandler(gdpr.DefaultRetentionRules, later)
	check(t, err)
	var dry strings.Builder
	report, err := a.retain(ctx, h, true, later)
	check(t, err)
	printRetention(&dry, report, true)
	if !strings.Contains(dry.String(), gdprmodel.SubjectHash(p.ContactID)) || !strings.Contains(dry.String(), "P2Y from last_activity") ||
		strings.Contains(dry.String(), p.ContactID) || strings.Contains(dry.String(), "Gallrasson") {
		t.Fatalf("dry run:\n%s", dry.String())
	}
	if report, err = a.retain(ctx, h, false, later); err != nil || len(report.Deleted) != 1 {
		t.Fatalf("run: %v %+v", err, report)
	}
	out, err = s.run(t, runRetention, "log", "--subject", p.ContactID)
	check(t, err)
	if !strings.Contains(out, gdprmodel.SubjectHash(p.ContactID)) || !strings.Contains(out, "contact_without_basis") ||
		!strings.Contains(out, "retention") || strings.Contains(out, p.ContactID) {
		t.Fatalf("log:\n%s", out)
	}
}

// The daily job waits for the night, runs once a day across the fleet,
// and runs again the next day.
func TestRetentionRunsOnceADay(t *testing.T) {
	t.Parallel()
	a := newSetup(t).open(t)
	kept := person(t, a, contact.PersonDetails{GivenName: "Karin", FamilyName: "Kvar"})
	project(t, a, basis(t, a, kept.ContactID))
	h, err := a.retentionHandler(gdpr.DefaultRetentionRules, now)
	check(t, err)
	day := work.DateOf(time.Now()).AddDays(1)
	at := func(d work.Date, hour int) func() time.Time { return func() time.Time { return d.At(hour, 0) } }
	ctx := context.Background()
	for i, step := range []struct {
		clock func() time.Time
		runs  bool
	}{{at(day, 1), false}, {at(day, 3), true}, {at(day, 23), false}, {at(day.AddDays(1), 2), true}} {
		if got := a.retainIfDue(ctx, h, step.clock); got != step.runs {
			t.Fatalf("step %d: ran %v", i, got)
		}
	}
}

// A firm's file overrides the rules it names; a misspelt one is refused.
func TestRetentionRulesFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.json"), filepath.Join(dir, "bad.json")
	check(t, os.WriteFile(good, []byte(`[{"category": "access_log", "period": {"years": 1}, "trigger": "created", "ground": "Byråns riktlinje"}]`), 0o600))
	check(t, os.WriteFile(bad, []byte(`[{"category": "access_log", "period": {"years": 1}, "trigger": "created", "hodl": true, "ground": "x"}]`), 0o600))
	rules, err := loadRetentionRules(good)
	check(t, err)
	if r, _ := rules.Rule(gdpr.CategoryAccessLog); r.Period.Years != 1 || len(rules) != len(gdpr.DefaultRetentionRules) {
		t.Fatalf("rules %+v", rules)
	}
	if _, err := loadRetentionRules(bad); err == nil || !strings.Contains(err.Error(), "hodl") {
		t.Fatalf("misspelt rule: %v", err)
	}
}

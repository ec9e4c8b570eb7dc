package retention

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/backup"
	"github.com/klient-crm/klient/internal/erasure"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// world opens the app on a fresh database, with the retention jobs over
// it erasing through the erasure executor, as serve wires them.
func world(t *testing.T) (*apptest.App, Jobs) {
	t.Helper()
	a := apptest.New(t)
	e := erasure.Jobs{Pool: a.Pool, Store: a.Store, Codec: a.Codec, Keys: a.Keys, Runtime: a.Runtime, Log: a.Log, Clock: apptest.Now,
		Journal: backup.Journaller(backup.JournalIn(a.DataDir))}
	return a, Jobs{Pool: a.Pool, Keys: a.Keys, Runtime: a.Runtime, Secrets: a.Secrets, Log: a.Log, Executor: e.Executor,
		Clock: apptest.Now}
}

// A person without a lawful basis is due two years after their last
// activity (today only the expired sessions are, as a batch); the run
// erases them through the executor, logs the deletion by pseudonym and
// records the run, and rewrites what it blanked out of the database's
// files.
func TestRetentionRunErasesAContactWithoutBasis(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, j := world(t)
	apptest.Live(t, a.Runtime)
	p := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Gunnar", FamilyName: "Gallrasson"})
	kept := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Karin", FamilyName: "Kvar"})
	apptest.Settle(t, a.Runtime, apptest.Basis(t, a.Subjects, kept.ContactID))
	today, err := j.Handler(gdpr.DefaultRetentionRules, apptest.Now)
	apptest.Must(t, err)
	report, err := j.Run(ctx, today, true, apptest.Now)
	apptest.Must(t, err)
	if item, ok := dueIn(report.Due, gdpr.CategorySession); !ok || item.RecordID != "" || item.Rule.Period.Days != 30 {
		t.Fatalf("the sessions today: %+v", report.Due)
	}
	if _, ok := dueIn(report.Due, gdpr.CategoryContactWithoutBasis); ok {
		t.Fatalf("a contact is due today: %+v", report.Due)
	}

	later := func() time.Time { return time.Now().AddDate(2, 1, 0) }
	h, err := j.Handler(gdpr.DefaultRetentionRules, later)
	apptest.Must(t, err)
	report, err = j.Run(ctx, h, true, later)
	apptest.Must(t, err)
	item, ok := dueIn(report.Due, gdpr.CategoryContactWithoutBasis)
	if !ok || item.RecordID != p.ContactID || item.Rule.Period.Years != 2 || item.Rule.Trigger != gdpr.TriggerLastActivity {
		t.Fatalf("dry run two years on: %+v", report.Due)
	}
	_, err = a.Pool.Exec(ctx, `ANALYZE`)
	apptest.Must(t, err)
	_, err = a.Pool.Exec(ctx, `CHECKPOINT`)
	apptest.Must(t, err)
	if files := apptest.FilesHolding(t, a.Pool, []byte("Gallrasson")); len(files) == 0 {
		t.Fatal("before the run no file holds their name: the scan sees nothing")
	}
	if report, err = j.Run(ctx, h, false, later); err != nil || len(report.Deleted) != 1 {
		t.Fatalf("run: %v %+v", err, report)
	}
	if gone, err := a.Keys.IsShredded(ctx, p.ContactID); err != nil || !gone {
		t.Fatalf("their key: shredded %v, %v", gone, err)
	}
	_, err = a.Pool.Exec(ctx, `CHECKPOINT`)
	apptest.Must(t, err)
	if files := apptest.FilesHolding(t, a.Pool, []byte("Gallrasson")); len(files) != 0 {
		t.Fatalf("after the run their name is still in %v", files)
	}
	lines, err := gdprmodel.DeletionLog(ctx, a.Pool, gdprmodel.DeletionFilter{Pseudonym: Pseudonym(p.ContactID)})
	if err != nil || len(lines) != 1 || lines[0].Category != string(gdpr.CategoryContactWithoutBasis) || lines[0].TriggeredBy != "retention" {
		t.Fatalf("deletion log %+v, %v", lines, err)
	}
	if run, ran, err := gdprmodel.LastRetentionRun(ctx, a.Pool); err != nil || !ran || run.RunBy != "retention" || run.Deleted < 1 {
		t.Fatalf("the run: %+v, %v, %v", run, ran, err)
	}
	if Pseudonym("") != "-" || strings.Contains(Pseudonym(p.ContactID), p.ContactID) {
		t.Fatalf("pseudonyms %q, %q", Pseudonym(""), Pseudonym(p.ContactID))
	}
}

func dueIn(items []gdprcmd.RetentionItem, c gdpr.Category) (gdprcmd.RetentionItem, bool) {
	for _, it := range items {
		if it.Category == c {
			return it, true
		}
	}
	return gdprcmd.RetentionItem{}, false
}

// The daily job waits for the night, runs once a day across the fleet,
// and runs again the next day.
func TestRetentionRunsOnceADay(t *testing.T) {
	t.Parallel()
	a, j := world(t)
	kept := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Karin", FamilyName: "Kvar"})
	apptest.Project(t, a.Runtime, apptest.Basis(t, a.Subjects, kept.ContactID))
	h, err := j.Handler(gdpr.DefaultRetentionRules, apptest.Now)
	apptest.Must(t, err)
	day := work.DateOf(time.Now()).AddDays(1)
	at := func(d work.Date, hour int) func() time.Time { return func() time.Time { return d.At(hour, 0) } }
	ctx := context.Background()
	for i, step := range []struct {
		clock func() time.Time
		runs  bool
	}{{at(day, 1), false}, {at(day, 3), true}, {at(day, 23), false}, {at(day.AddDays(1), 2), true}} {
		if got := j.RunIfDue(ctx, h, step.clock); got != step.runs {
			t.Fatalf("step %d: ran %v", i, got)
		}
	}
}

// A firm's file overrides the rules it names; a misspelt one is refused.
func TestRetentionRulesFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.json"), filepath.Join(dir, "bad.json")
	apptest.Must(t, os.WriteFile(good, []byte(`[{"category": "access_log", "period": {"years": 1}, "trigger": "created", "ground": "Byråns riktlinje"}]`), 0o600))
	apptest.Must(t, os.WriteFile(bad, []byte(`[{"category": "access_log", "period": {"years": 1}, "trigger": "created", "hodl": true, "ground": "x"}]`), 0o600))
	rules, err := LoadRules(good)
	apptest.Must(t, err)
	if r, _ := rules.Rule(gdpr.CategoryAccessLog); r.Period.Years != 1 || len(rules) != len(gdpr.DefaultRetentionRules) {
		t.Fatalf("rules %+v", rules)
	}
	if _, err := LoadRules(bad); err == nil || !strings.Contains(err.Error(), "hodl") {
		t.Fatalf("misspelt rule: %v", err)
	}
	if rules, err := LoadRules(""); err != nil || len(rules) != len(gdpr.DefaultRetentionRules) {
		t.Fatalf("no file: %+v, %v", rules, err)
	}
}

package gdpr_test

import (
	"context"
	"testing"
	"time"

	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections/gdpr"
)

// The deletion log names records only by hash, logs a record once per
// category however often a run is retried, keeps every batch, and lists
// erasures known only from their certificates beside its own lines.
func TestDeletionLog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, gdpr.Migrations())
	must(t, err)
	rule, _ := gdprdomain.DefaultRetentionRules.Rule(gdprdomain.CategoryContactWithoutBasis)
	logRule, _ := gdprdomain.DefaultRetentionRules.Rule(gdprdomain.CategoryAccessLog)
	person := "0195f7a2-0000-7000-8000-00000000abcd"
	entry := gdpr.DeletionEntry{RecordID: person, Category: rule.Category, Rule: rule, DueOn: work.NewDate(2026, 3, 1),
		Records: 1, TriggeredBy: gdpr.RetentionActor, ErasureID: "req-1", DeletedAt: today}
	must(t, gdpr.RecordDeletion(ctx, pool, entry))
	must(t, gdpr.RecordDeletion(ctx, pool, entry)) // a retried run
	batch := gdpr.DeletionEntry{Category: logRule.Category, Rule: logRule, Records: 40, TriggeredBy: "staff-1", DeletedAt: today.Add(time.Hour)}
	must(t, gdpr.RecordDeletion(ctx, pool, batch))
	must(t, gdpr.RecordDeletion(ctx, pool, batch)) // batches are counted each time
	_, err = pool.Exec(ctx, `INSERT INTO gdpr_erasure_certificates (erasure_id, subject_hash, executed_by, started_at, erased_at)
		VALUES ('req-1', 'x', 'retention', $1, $1), ('req-2', $2, 'dpo-1', $1, $1), ('req-3', 'y', 'dpo-1', $1, NULL)`,
		today.Add(-time.Hour), gdpr.SubjectHash("someone-else"))
	must(t, err)

	all, err := gdpr.DeletionLog(ctx, pool, gdpr.DeletionFilter{})
	must(t, err)
	if len(all) != 4 {
		t.Fatalf("want 2 batches, the person and one certificate, got %+v", all)
	}
	first, last := all[0], all[3]
	if first.Category != string(gdprdomain.CategoryAccessLog) || first.Records != 40 || first.RulePeriod != "P2Y" || first.Pseudonym != "" {
		t.Errorf("newest line %+v", first)
	}
	if last.Category != gdpr.CategoryErasure || last.ErasureID != "req-2" || last.TriggeredBy != "dpo-1" || last.Pseudonym != gdpr.SubjectHash("someone-else") {
		t.Errorf("certificate line %+v", last)
	}
	mine, err := gdpr.DeletionLog(ctx, pool, gdpr.DeletionFilter{Pseudonym: gdpr.SubjectHash(person)})
	must(t, err)
	if len(mine) != 1 || mine[0].Category != string(rule.Category) || mine[0].DueOn.String() != "2026-03-01" ||
		mine[0].RuleTrigger != "last_activity" || mine[0].Ground != rule.Ground {
		t.Fatalf("the person's line %+v", mine)
	}
	var raw int
	must(t, pool.QueryRow(ctx, `SELECT count(*) FROM gdpr_deletion_log WHERE row_to_json(gdpr_deletion_log)::text LIKE '%'||$1||'%'`, person).Scan(&raw))
	if raw != 0 {
		t.Fatal("the log holds the raw ID")
	}
}

func TestISOPeriod(t *testing.T) {
	t.Parallel()
	for want, p := range map[string]gdprdomain.Period{"P2Y": {Years: 2}, "P1Y6M": {Years: 1, Months: 6}, "P30D": {Days: 30}, "P0D": {}} {
		if got := gdpr.ISOPeriod(p); got != want {
			t.Errorf("%+v: %s, want %s", p, got, want)
		}
	}
}

// The daily job asks when a run last finished.
func TestLastRetentionRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, gdpr.Migrations())
	must(t, err)
	if _, ok, err := gdpr.LastRetentionRun(ctx, pool); ok || err != nil {
		t.Fatalf("before any run: %v %v", ok, err)
	}
	for i := range 2 {
		at := today.Add(time.Duration(i) * time.Hour)
		must(t, gdpr.RecordRetentionRun(ctx, pool, gdpr.RetentionRun{StartedAt: at, FinishedAt: at.Add(time.Minute), RunBy: "retention", Deleted: int64(i)}))
	}
	r, ok, err := gdpr.LastRetentionRun(ctx, pool)
	if !ok || err != nil || r.Deleted != 1 || !r.FinishedAt.Equal(today.Add(61*time.Minute)) {
		t.Fatalf("last run %+v %v %v", r, ok, err)
	}
}

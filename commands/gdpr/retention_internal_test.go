package gdpr

import (
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// batchCutoff splits the days exactly: every record written before it is
// past its last day, every record written from it on is still kept, for
// uneven months, leap days and year-end rules.
func TestBatchCutoffSplitsTheDaysExactly(t *testing.T) {
	t.Parallel()
	rules := []gdpr.RetentionRule{
		{Period: gdpr.Period{Years: 2}}, {Period: gdpr.Period{Months: 1}}, {Period: gdpr.Period{Days: 30}},
		{Period: gdpr.Period{Years: 1, Months: 1, Days: 1}}, {Period: gdpr.Period{Years: 7}, FromYearEnd: true},
	}
	start := work.NewDate(2027, time.December, 20)
	for day := range 120 {
		today := start.AddDays(day)
		for _, r := range rules {
			cutoff := work.DateOf(batchCutoff(r, today))
			for d := cutoff.AddDays(-3); d.Before(cutoff.AddDays(3)); d = d.AddDays(1) {
				kept := !r.LastDay(d.At(12, 0)).Before(today)
				if kept == d.Before(cutoff) {
					t.Fatalf("rule %+v on %s: cutoff %s, but %s kept=%v", r, today, cutoff, d, kept)
				}
			}
		}
	}
}

// A contact's period runs from their latest activity or registration.
func TestPlanContactsFromTheLatestFact(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, time.March, 15, 10, 0, 0, 0, time.UTC)
	recent, old := now.AddDate(-1, 0, 0), now.AddDate(-3, 0, 0)
	due, held := planContacts(gdpr.DefaultRetentionRules, now, []RetainedContact{
		{Facts: gdpr.SubjectFacts{SubjectID: "a", RegisteredAt: recent, LastActivity: old}},
		{Facts: gdpr.SubjectFacts{SubjectID: "b", RegisteredAt: old}},
		{Facts: gdpr.SubjectFacts{SubjectID: "c"}},
		{Facts: gdpr.SubjectFacts{SubjectID: "d", RegisteredAt: old, Matters: []gdpr.MatterFact{{MatterID: "m"}}}},
	})
	if len(due) != 1 || due[0].RecordID != "b" || held != 1 {
		t.Fatalf("due %+v, held %d", due, held)
	}
}

package gdpr_test

import (
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
)

// closedOn is a Stockholm midday on y-m-d, as an instant.
func closedOn(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 11, 0, 0, 0, time.UTC) }

func TestTenYearMatterFileHold(t *testing.T) {
	t.Parallel()
	facts := gdpr.SubjectFacts{SubjectID: subjectID, Matters: []gdpr.MatterFact{
		{MatterID: "m1", Client: false, ClosedAt: closedOn(2026, time.March, 15)},
		{MatterID: "m0", Client: false, ClosedAt: closedOn(2020, time.May, 2)},
	}}
	holds := gdpr.Holds(facts, gdpr.DefaultRetentionRules, now)
	if len(holds) != 1 || holds[0].Rule.Category != gdpr.CategoryMatterFile ||
		holds[0].EndsAt != date(2036, time.March, 15) || holds[0].MatterID != "m1" {
		t.Fatalf("holds = %+v", holds)
	}
	held, err := gdpr.ErasureDecision(holds, now)
	refusedWith(t, err, domain.KindConflict, "gdpr.erasure.held")
	if held.Until != date(2036, time.March, 15) || held.DueOn() != date(2036, time.March, 16) || len(held.Grounds) != 1 {
		t.Fatalf("held = %+v", held)
	}
	lastDay := time.Date(2036, time.March, 15, 12, 0, 0, 0, time.UTC)
	if _, err := gdpr.ErasureDecision(gdpr.Holds(facts, gdpr.DefaultRetentionRules, lastDay), lastDay); err == nil {
		t.Fatal("erasure allowed on the hold's last day")
	}
	dayAfter := time.Date(2036, time.March, 16, 12, 0, 0, 0, time.UTC)
	if held, err := gdpr.ErasureDecision(gdpr.Holds(facts, gdpr.DefaultRetentionRules, dayAfter), dayAfter); err != nil || len(held.Grounds) != 0 {
		t.Fatalf("the day after the hold: %+v, %v", held, err)
	}
}

// A client's matter adds the AML hold (shorter, so the file's end wins);
// bookkeeping runs to the end of the seventh year after the entry's year.
func TestHoldsCombineToTheLatestEnd(t *testing.T) {
	t.Parallel()
	facts := gdpr.SubjectFacts{
		Matters:      []gdpr.MatterFact{{MatterID: "m1", Client: true, ClosedAt: closedOn(2025, time.June, 30)}},
		Transactions: []time.Time{closedOn(2025, time.July, 1), closedOn(2026, time.January, 10)},
	}
	holds := gdpr.Holds(facts, gdpr.DefaultRetentionRules, now)
	ends := map[gdpr.Category]string{}
	for _, h := range holds {
		ends[h.Rule.Category] = h.EndsAt.String()
	}
	want := map[gdpr.Category]string{gdpr.CategoryMatterFile: "2035-06-30", gdpr.CategoryAccounting: "2033-12-31", gdpr.CategoryAMLKYC: "2030-06-30"}
	for c, w := range want {
		if ends[c] != w {
			t.Errorf("%s ends %s, want %s", c, ends[c], w)
		}
	}
	held, _ := gdpr.ErasureDecision(holds, now)
	if held.Until != date(2035, time.June, 30) || len(held.Grounds) != 3 {
		t.Fatalf("held = %+v", held)
	}
}

func TestOpenMatterHoldsWithoutEnd(t *testing.T) {
	t.Parallel()
	facts := gdpr.SubjectFacts{Matters: []gdpr.MatterFact{{MatterID: "m1", Client: true}}}
	held, err := gdpr.ErasureDecision(gdpr.Holds(facts, gdpr.DefaultRetentionRules, now), now)
	refusedWith(t, err, domain.KindConflict, "gdpr.erasure.held_open_matter")
	if !held.OpenEnded || !held.DueOn().IsZero() || len(held.MatterIDs) != 1 {
		t.Fatalf("held = %+v", held)
	}
}

// Housekeeping rules (no hold) never stand in the way of an erasure.
func TestNoHoldForAContactWithoutMatters(t *testing.T) {
	t.Parallel()
	facts := gdpr.SubjectFacts{RegisteredAt: now.Add(-time.Hour), LastActivity: now}
	if holds := gdpr.Holds(facts, gdpr.DefaultRetentionRules, now); len(holds) != 0 {
		t.Fatalf("holds = %+v", holds)
	}
}

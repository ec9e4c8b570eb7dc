package dpo_test

import (
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/dpo"
)

// discovered is when the breaches of these tests came to the firm's
// knowledge: a Friday afternoon, so the 72 hours run over a weekend.
var discovered = time.Date(2026, 12, 4, 15, 30, 0, 0, time.UTC)

// TestClockRunsSeventyTwoHoursFromDiscovery: art. 33.1 gives 72 hours
// after becoming aware, nights and weekends included; the clock is read
// at an injected moment, never the machine's.
func TestClockRunsSeventyTwoHoursFromDiscovery(t *testing.T) {
	t.Parallel()
	c := dpo.ClockFrom(discovered)
	if want := time.Date(2026, 12, 7, 15, 30, 0, 0, time.UTC); !c.Deadline.Equal(want) {
		t.Fatalf("deadline %v, want %v (Monday 15:30)", c.Deadline, want)
	}
	cases := []struct {
		at      time.Time
		hours   int
		overdue bool
	}{
		{discovered, 72, false},
		{discovered.Add(70*time.Hour + 1*time.Minute), 1, false}, // 1 h 59 min left is not "2 hours"
		{discovered.Add(72 * time.Hour), 0, false},               // at the deadline itself: in time
		{discovered.Add(72*time.Hour + 10*time.Minute), -1, true},
		{discovered.Add(80 * time.Hour), -8, true},
	}
	for _, tc := range cases {
		if got := c.HoursLeft(tc.at); got != tc.hours {
			t.Errorf("at %v: %d hours left, want %d", tc.at, got, tc.hours)
		}
		if got := c.Overdue(tc.at); got != tc.overdue {
			t.Errorf("at %v: overdue %v, want %v", tc.at, got, tc.overdue)
		}
	}
}

// TestReportStopsTheClock: once IMY is notified the clock stands still at
// the moment of notification, however late it is read.
func TestReportStopsTheClock(t *testing.T) {
	t.Parallel()
	b := assessed(t, dpo.SeverityRisk)
	now := discovered.Add(50 * time.Hour)
	apply(t, b, must(b.Report(dpo.BreachReported{ReportedAt: now, IMYReference: "DI-2026-1234"}, now)))
	later := discovered.Add(200 * time.Hour)
	if b.Clock().Running() || b.Clock().Overdue(later) || b.Clock().HoursLeft(later) != 22 {
		t.Errorf("clock after a notification at 50 h: running %v, overdue %v, %d hours left; want stopped with 22 left",
			b.Clock().Running(), b.Clock().Overdue(later), b.Clock().HoursLeft(later))
	}
}

// TestLateReportNeedsReasons: art. 33.1 — a notification not made within
// 72 hours is accompanied by the reasons for the delay.
func TestLateReportNeedsReasons(t *testing.T) {
	t.Parallel()
	b := assessed(t, dpo.SeverityRisk)
	late := discovered.Add(73 * time.Hour)
	_, err := b.Report(dpo.BreachReported{ReportedAt: late}, late)
	wantCode(t, err, "dpo.breach.delay_reason_required")
	events := must(b.Report(dpo.BreachReported{ReportedAt: late, DelayReason: "Incidenten upptäcktes av en konsult som inte kände till rutinen."}, late))
	if len(events) != 1 {
		t.Fatalf("late report with reasons decided %v", events)
	}
}

// TestEveryBreachIsDocumented: a breach unlikely to result in a risk need
// not be notified but is recorded with the reason (art. 33.5); one that is
// likely to must be reported.
func TestEveryBreachIsDocumented(t *testing.T) {
	t.Parallel()
	now := discovered.Add(5 * time.Hour)
	risky := assessed(t, dpo.SeverityRisk)
	_, err := risky.DecideNotToReport("Bedöms som ofarlig", now)
	wantCode(t, err, "dpo.breach.must_report")

	minor := assessed(t, dpo.SeverityUnlikely)
	_, err = minor.DecideNotToReport("  ", now)
	wantCode(t, err, "dpo.text.required")
	apply(t, minor, must(minor.DecideNotToReport("Krypterad bärbar dator; nyckeln fanns inte med.", now)))
	if minor.Clock().Running() {
		t.Error("the decision not to report left the clock running")
	}
	_, err = minor.Report(dpo.BreachReported{ReportedAt: now}, now)
	wantCode(t, err, "dpo.breach.decided")
}

// TestAssessmentFollowsTheForm: the form's facts, checked as a whole.
func TestAssessmentFollowsTheForm(t *testing.T) {
	t.Parallel()
	b := discoveredBreach(t)
	now := discovered.Add(time.Hour)
	_, err := b.Assess(dpo.BreachAssessed{StartedAt: discovered.Add(time.Minute), SubjectsApprox: -1, Severity: "grave",
		AssessedBy: "dpo-1"}, now)
	for _, code := range []string{"dpo.breach.nature_required", "dpo.breach.count", "dpo.breach.severity",
		"dpo.breach.started_after_discovery", "dpo.text.required"} {
		wantCode(t, err, code)
	}
	_, err = b.Report(dpo.BreachReported{ReportedAt: now}, now)
	wantCode(t, err, "dpo.breach.unassessed")
	_, err = b.Supplement("Fler berörda hittades", now)
	wantCode(t, err, "dpo.breach.not_reported")
}

// TestDiscoveryCannotBeInTheFuture and a retry decides nothing.
func TestDiscoveryCannotBeInTheFuture(t *testing.T) {
	t.Parallel()
	var b dpo.Breach
	e := dpo.BreachDiscovered{BreachID: "b-1", Reference: "INC-7", DiscoveredAt: discovered.Add(time.Hour),
		Summary: "Fel mottagare", RecordedBy: "dpo-1"}
	_, err := b.Discover(e, discovered)
	wantCode(t, err, "dpo.breach.discovered_at")
	apply(t, &b, must(b.Discover(e, discovered.Add(2*time.Hour))))
	if again := must(b.Discover(e, discovered.Add(3*time.Hour))); len(again) != 0 {
		t.Errorf("a retry decided %v", again)
	}
	e.Summary = "Annat"
	_, err = b.Discover(e, discovered.Add(3*time.Hour))
	wantCode(t, err, "dpo.breach.id_taken")
}

func discoveredBreach(t *testing.T) *dpo.Breach {
	t.Helper()
	b := new(dpo.Breach)
	apply(t, b, must(b.Discover(dpo.BreachDiscovered{BreachID: "b-1", Reference: "INC-2026-01", DiscoveredAt: discovered,
		Summary: "Ett e-brev med en klientförteckning skickades till fel mottagare.", RecordedBy: "dpo-1"}, discovered)))
	return b
}

func assessed(t *testing.T, s dpo.Severity) *dpo.Breach {
	t.Helper()
	b := discoveredBreach(t)
	now := discovered.Add(2 * time.Hour)
	apply(t, b, must(b.Assess(dpo.BreachAssessed{StartedAt: discovered.Add(-time.Hour), Nature: []dpo.Nature{dpo.NatureConfidentiality},
		SubjectCategories: "Klienter", SubjectsApprox: 40, DataCategories: "Namn, adress", RecordsApprox: 40,
		Consequences: "Obehöriga kan ha läst namn och adresser.", Severity: s, AssessedBy: "dpo-1"}, now)))
	return b
}

func apply(t *testing.T, b *dpo.Breach, events []domain.Event) {
	t.Helper()
	for _, e := range events {
		b.Apply(e)
	}
}

func must(events []domain.Event, err error) []domain.Event {
	if err != nil {
		panic(err)
	}
	return events
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var p domain.Problems
	p.Add(err)
	for _, e := range p {
		if de, ok := e.(*domain.Error); ok && de.Code == code {
			return
		}
	}
	t.Errorf("want refusal %s, got %v", code, err)
}

package gdpr_test

import (
	"errors"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

const (
	subjectID = "0190f5a2-0000-7000-8000-000000000001"
	staffID   = "staff-0001"
)

// now is the tests' fixed clock: 15 March 2026, mid-morning in Stockholm.
var now = time.Date(2026, time.March, 15, 9, 30, 0, 0, time.UTC)

func date(y int, m time.Month, d int) work.Date { return work.NewDate(y, m, d) }

// decided applies evs to s (what the repository does after an append) and
// fails the test on err.
func decided(t *testing.T, s interface{ Apply(domain.Event) }) func([]domain.Event, error) {
	return func(evs []domain.Event, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			s.Apply(ev)
		}
	}
}

// refusedWith fails unless err is a *domain.Error of kind with code.
func refusedWith(t *testing.T, err error, kind domain.Kind, code string) {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) || e.Kind != kind || e.Code != code {
		t.Fatalf("got %v, want %s %s", err, kind, code)
	}
}

func marketingConsent(id string) gdpr.ConsentGiven {
	return gdpr.ConsentGiven{ConsentID: id, Purpose: gdpr.PurposeMarketing, Scope: "Nyhetsbrev om arbetsrätt",
		GivenAt: now.Add(-time.Hour), How: gdpr.ConsentByForm, Where: "klient.se/nyhetsbrev"}
}

// consenting returns a subject with an active marketing consent c1.
func consenting(t *testing.T) *gdpr.Subject {
	t.Helper()
	s := gdpr.NewSubject(subjectID)
	decided(t, s)(s.GiveConsent(gdpr.DefaultPurposes, marketingConsent("c1"), now))
	return s
}

package work_test

import (
	"errors"
	"testing"

	"github.com/klient-crm/klient/domain"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// refusedWith fails unless err is (or joins first) a *domain.Error of kind
// with code.
func refusedWith(t *testing.T, err error, kind domain.Kind, code string) {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) || e.Kind != kind || e.Code != code {
		t.Fatalf("got %v, want %s %s", err, kind, code)
	}
}

// applyTo returns a function that applies what a decision of a decided,
// failing the test on a refusal: applyTo(t, task)(task.Complete()).
func applyTo[A interface{ Apply(domain.Event) }](t *testing.T, a A) func([]domain.Event, error) []domain.Event {
	return func(evs []domain.Event, err error) []domain.Event {
		t.Helper()
		must(t, err)
		for _, ev := range evs {
			a.Apply(ev)
		}
		return evs
	}
}

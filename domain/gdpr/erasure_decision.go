package gdpr

import (
	"slices"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

// Held is why an erasure must wait: the grounds of the holds that apply
// and the last day any of them does.
type Held struct {
	Grounds   []string
	Until     work.Date // last day held (inclusive); zero when OpenEnded
	OpenEnded bool      // a matter is still open: no end date yet
	MatterIDs []string  // the open matters, when OpenEnded
}

// DueOn is the first day the erasure may be carried out: the day after
// the last hold ends (zero while OpenEnded).
func (h Held) DueOn() work.Date {
	if h.OpenEnded || h.Until.IsZero() {
		return work.Date{}
	}
	return h.Until.AddDays(1)
}

// ErasureDecision weighs an erasure request against holds on now's date.
// Allowed: a zero Held and no error. Refused: what holds it and, as a
// *domain.Error of kind conflict, code "gdpr.erasure.held" (the caller
// restricts the subject instead and schedules the erasure for DueOn), or
// "gdpr.erasure.held_open_matter" while a matter it covers is open (no
// date to schedule for). Messages name rules and dates, never the subject.
func ErasureDecision(holds []Hold, now time.Time) (Held, error) {
	today := work.DateOf(now)
	var h Held
	for _, hold := range holds {
		switch {
		case hold.OpenEnded():
			h.OpenEnded = true
			h.MatterIDs = appendNew(h.MatterIDs, hold.MatterID)
		case hold.EndsAt.Before(today):
			continue
		case hold.EndsAt.After(h.Until):
			h.Until = hold.EndsAt
		}
		h.Grounds = appendNew(h.Grounds, hold.Ground)
	}
	switch {
	case len(h.Grounds) == 0:
		return Held{}, nil
	case h.OpenEnded:
		h.Until = work.Date{}
		return h, domain.Conflict("erasure is held while a matter is open, by: %s", strings.Join(h.Grounds, "; ")).
			WithCode("gdpr.erasure.held_open_matter")
	}
	return h, domain.Conflict("erasure is held until %s by: %s", h.Until, strings.Join(h.Grounds, "; ")).
		WithCode("gdpr.erasure.held")
}

func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

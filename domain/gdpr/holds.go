package gdpr

import (
	"time"

	"github.com/klient-crm/klient/domain/work"
)

// SubjectFacts is what the read models know of a subject's records that
// retention rules run from. The matters read model supplies it (the
// commands' SubjectFacts port).
type SubjectFacts struct {
	SubjectID    string
	RegisteredAt time.Time    // trigger created: when the contact was registered
	LastActivity time.Time    // trigger last_activity; zero when none is known
	Matters      []MatterFact // trigger matter_closed: every matter the subject is a party to
	// Transactions are the dates of bookkeeping entries that name the
	// subject (trigger transaction_date). With a fiscal year other than
	// the calendar year, pass the last day of the entry's fiscal year.
	Transactions []time.Time
}

// MatterFact is one matter the subject is a party to.
type MatterFact struct {
	MatterID string
	Client   bool      // the subject is a client of the matter
	ClosedAt time.Time // when it was (last) closed; zero while in intake or open
}

// Hold is one statutory hold on the subject's data.
type Hold struct {
	Rule   RetentionRule
	Ground string
	// EndsAt is the last day (Stockholm, inclusive) the hold applies; zero
	// when it is open-ended because MatterID is still open.
	EndsAt   work.Date
	MatterID string // the matter that sets EndsAt or keeps the hold open, for matter_closed
}

// OpenEnded reports a hold that lasts while a matter is open.
func (h Hold) OpenEnded() bool { return h.EndsAt.IsZero() }

// Holds lists the holds that apply to the subject on now's date: one per
// Hold rule that has a fact to run from, with the latest end among them.
func Holds(facts SubjectFacts, rules RetentionRules, now time.Time) []Hold {
	today := work.DateOf(now)
	var out []Hold
	for _, r := range rules {
		if !r.Hold {
			continue
		}
		if h, ok := holdOf(r, facts); ok && (h.OpenEnded() || !h.EndsAt.Before(today)) {
			out = append(out, h)
		}
	}
	return out
}

// holdOf is rule r's hold over facts: open-ended when a matter it covers
// is still open, else the latest last day among its triggers.
func holdOf(r RetentionRule, facts SubjectFacts) (Hold, bool) {
	h, found := Hold{Rule: r, Ground: r.Ground}, false
	later := func(t time.Time, matterID string) {
		if end := r.LastDay(t); !found || end.After(h.EndsAt) {
			h.EndsAt, h.MatterID = end, matterID
		}
		found = true
	}
	switch r.Trigger {
	case TriggerMatterClosed:
		for _, m := range facts.Matters {
			if r.ClientsOnly && !m.Client {
				continue
			}
			if m.ClosedAt.IsZero() {
				return Hold{Rule: r, Ground: r.Ground, MatterID: m.MatterID}, true
			}
			later(m.ClosedAt, m.MatterID)
		}
	case TriggerTransactionDate:
		for _, t := range facts.Transactions {
			later(t, "")
		}
	default:
		if t := triggerTime(r.Trigger, facts); !t.IsZero() {
			later(t, "")
		}
	}
	return h, found
}

func triggerTime(t Trigger, facts SubjectFacts) time.Time {
	if t == TriggerCreated {
		return facts.RegisteredAt
	}
	return facts.LastActivity
}

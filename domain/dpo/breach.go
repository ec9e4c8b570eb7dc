package dpo

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// Breach is the aggregate of one personal-data breach; its zero value is
// the state before the first event. Discover, Assess, Report,
// DecideNotToReport, InformSubjects, DecideNotToInform and Supplement
// decide; Apply evolves.
type Breach struct {
	discovered BreachDiscovered
	assessed   bool
	severity   Severity
	clock      Clock
	reported   time.Time // zero unless IMY was notified
	told       bool      // the data subjects' question is decided
	applied    uint64
}

// Exists reports whether the breach has been recorded.
func (b *Breach) Exists() bool { return b.applied > 0 }

// Version is the stream version of the last applied event.
func (b *Breach) Version() uint64 { return b.applied - 1 }

// ID is the breach's ID.
func (b *Breach) ID() string { return b.discovered.BreachID }

// Clock is the breach's 72-hour clock.
func (b *Breach) Clock() Clock { return b.clock }

// Apply evolves the breach by one of its events, in stream order.
func (b *Breach) Apply(ev domain.Event) {
	b.applied++
	switch e := ev.(type) {
	case BreachDiscovered:
		b.discovered, b.clock = e, ClockFrom(e.DiscoveredAt)
	case BreachAssessed:
		b.assessed, b.severity = true, e.Severity
	case BreachReported:
		b.reported, b.clock.StoppedAt = e.ReportedAt, e.ReportedAt
	case BreachNotReported:
		b.clock.StoppedAt = e.DecidedAt
	case BreachSubjectsInformed, BreachSubjectsNotInformed:
		b.told = true
	}
}

func (b *Breach) exists() error {
	if !b.Exists() {
		return domain.NotFound("there is no such breach").WithCode("dpo.breach.not_found")
	}
	return nil
}

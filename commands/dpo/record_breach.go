package dpo

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
)

// RecordBreach records a personal-data breach the moment the firm learns
// of it: its 72-hour clock starts at DiscoveredAt.
type RecordBreach struct {
	Actor        journal.Actor
	BreachID     string    // optional UUID, for safe resending
	Reference    string    // the firm's own reference
	DiscoveredAt time.Time // when the firm became aware; zero: now
	Summary      string    // what happened; sealed with the breach's key
}

// RecordBreachHandler handles RecordBreach.
type RecordBreachHandler struct{ breaches *Breaches }

// NewRecordBreachHandler returns the handler.
func NewRecordBreachHandler(breaches *Breaches) (*RecordBreachHandler, error) {
	if err := requireBreaches("NewRecordBreachHandler", breaches); err != nil {
		return nil, err
	}
	return &RecordBreachHandler{breaches: breaches}, nil
}

// Handle records the breach; sent again with the same BreachID and terms,
// it writes nothing.
func (h *RecordBreachHandler) Handle(ctx context.Context, cmd RecordBreach) (BreachResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return BreachResult{}, err
	}
	id, err := journal.NewID(cmd.BreachID, domain.Invalid("breach_id", "a breach ID is a UUID").WithCode("dpo.breach.id"))
	if err != nil {
		return BreachResult{}, err
	}
	e := domaindpo.BreachDiscovered{BreachID: id, Reference: cmd.Reference, DiscoveredAt: cmd.DiscoveredAt,
		Summary: cmd.Summary, RecordedBy: cmd.Actor.ID}
	p, err := journal.RegisterOn(ctx, &h.breaches.journal, cmd.Actor, breachStream(id), h.breaches.loader(id),
		func(b *domaindpo.Breach, now time.Time) ([]domain.Event, error) {
			if e.DiscoveredAt.IsZero() {
				e.DiscoveredAt = now
			}
			return b.Discover(e, now)
		})
	return breachResult(id, p, err)
}

package dpo

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
)

// AssessBreach records what is known of a breach as IMY's form asks for
// it, replacing the previous assessment (which stays in the log).
type AssessBreach struct {
	Actor           journal.Actor
	BreachID        string
	ExpectedVersion uint64
	Assessment      domaindpo.BreachAssessed // BreachID and AssessedBy are set by the handler
}

// AssessBreachHandler handles AssessBreach.
type AssessBreachHandler struct{ breaches *Breaches }

// NewAssessBreachHandler returns the handler.
func NewAssessBreachHandler(breaches *Breaches) (*AssessBreachHandler, error) {
	if err := requireBreaches("NewAssessBreachHandler", breaches); err != nil {
		return nil, err
	}
	return &AssessBreachHandler{breaches: breaches}, nil
}

// Handle records the assessment.
func (h *AssessBreachHandler) Handle(ctx context.Context, cmd AssessBreach) (BreachResult, error) {
	e := cmd.Assessment
	e.AssessedBy = cmd.Actor.ID
	return h.breaches.change(ctx, cmd.Actor, cmd.BreachID, cmd.ExpectedVersion, func(b *domaindpo.Breach, now time.Time) ([]domain.Event, error) {
		return b.Assess(e, now)
	})
}

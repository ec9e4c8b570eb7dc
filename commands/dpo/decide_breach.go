package dpo

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
)

// BreachStep is one of the decisions on a breach after its assessment.
type BreachStep string

// The steps a DecideBreach takes.
const (
	StepReport     BreachStep = "report"     // IMY was notified (At, IMYReference, Text: reasons for a delay)
	StepNotReport  BreachStep = "not_report" // IMY is not notified (Text: why)
	StepInform     BreachStep = "inform"     // the people were told (At, Text: how)
	StepNotInform  BreachStep = "not_inform" // the people are not told (Text: why)
	StepSupplement BreachStep = "supplement" // more for IMY after the notification (Text)
)

// DecideBreach takes one step on an assessed breach: the decisions of
// art. 33 (report or not) and 34 (tell the people or not), and the
// supplements of art. 33.4. Text is sealed with the breach's key.
type DecideBreach struct {
	Actor           journal.Actor
	BreachID        string
	ExpectedVersion uint64
	Step            BreachStep
	At              time.Time // when IMY was notified, or the people told; zero: now
	IMYReference    string
	Text            string
}

// DecideBreachHandler handles DecideBreach.
type DecideBreachHandler struct{ breaches *Breaches }

// NewDecideBreachHandler returns the handler.
func NewDecideBreachHandler(breaches *Breaches) (*DecideBreachHandler, error) {
	if err := requireBreaches("NewDecideBreachHandler", breaches); err != nil {
		return nil, err
	}
	return &DecideBreachHandler{breaches: breaches}, nil
}

// Handle takes the step.
func (h *DecideBreachHandler) Handle(ctx context.Context, cmd DecideBreach) (BreachResult, error) {
	return h.breaches.change(ctx, cmd.Actor, cmd.BreachID, cmd.ExpectedVersion, func(b *domaindpo.Breach, now time.Time) ([]domain.Event, error) {
		at := cmd.At
		if at.IsZero() {
			at = now
		}
		switch cmd.Step {
		case StepReport:
			return b.Report(domaindpo.BreachReported{ReportedAt: at, IMYReference: cmd.IMYReference, DelayReason: cmd.Text}, now)
		case StepNotReport:
			return b.DecideNotToReport(cmd.Text, now)
		case StepInform:
			return b.InformSubjects(at, cmd.Text, now)
		case StepNotInform:
			return b.DecideNotToInform(cmd.Text, now)
		case StepSupplement:
			return b.Supplement(cmd.Text, now)
		}
		return nil, domain.Invalid("step", "there is no such step").WithCode("dpo.breach.step")
	})
}

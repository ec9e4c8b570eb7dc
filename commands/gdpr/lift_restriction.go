package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// LiftRestriction lets processing resume. Only the data-protection officer
// may lift a restriction: the HTTP edge checks the role (access.RoleDPO);
// the command records who did it.
type LiftRestriction struct {
	Actor     journal.Actor
	SubjectID string
}

// LiftRestrictionHandler handles LiftRestriction.
type LiftRestrictionHandler struct{ subjects *Subjects }

// NewLiftRestrictionHandler returns the handler.
func NewLiftRestrictionHandler(subjects *Subjects) (*LiftRestrictionHandler, error) {
	if err := requireSubjects("NewLiftRestrictionHandler", subjects); err != nil {
		return nil, err
	}
	return &LiftRestrictionHandler{subjects: subjects}, nil
}

// Handle lifts the restriction; an unrestricted subject stays as it is. A
// restriction that guards a scheduled erasure is refused with
// "gdpr.restriction.erasure_pending".
func (h *LiftRestrictionHandler) Handle(ctx context.Context, cmd LiftRestriction) (SubjectResult, error) {
	return h.subjects.decide(ctx, cmd.Actor, cmd.SubjectID, plain(func(s *domaingdpr.Subject, _ time.Time) ([]domain.Event, error) {
		return s.Lift(cmd.Actor.ID)
	}))
}

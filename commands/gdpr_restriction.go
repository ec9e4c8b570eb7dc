package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// ApplyRestriction restricts processing of a subject's data (art. 18):
// from then on it may only be stored, and the subject leaves every
// campaign.
type ApplyRestriction struct {
	Actor     Actor
	SubjectID string
	RequestID string    // the data-subject request behind it, if any
	Reason    string    // required; sealed
	Until     work.Date // when the firm expects to lift it; optional
}

// ApplyRestrictionHandler handles ApplyRestriction.
type ApplyRestrictionHandler struct{ subjects *Subjects }

// NewApplyRestrictionHandler returns the handler.
func NewApplyRestrictionHandler(subjects *Subjects) (*ApplyRestrictionHandler, error) {
	if err := requireSubjects("NewApplyRestrictionHandler", subjects); err != nil {
		return nil, err
	}
	return &ApplyRestrictionHandler{subjects: subjects}, nil
}

// Handle restricts the subject; restricting again under the same request
// changes nothing.
func (h *ApplyRestrictionHandler) Handle(ctx context.Context, cmd ApplyRestriction) (SubjectResult, error) {
	requestID := canonicalID(cmd.RequestID)
	return h.subjects.decide(ctx, cmd.Actor, cmd.SubjectID, plain(func(s *gdpr.Subject, _ time.Time) ([]domain.Event, error) {
		return s.Restrict(requestID, cmd.Reason, cmd.Until)
	}))
}

// LiftRestriction lets processing resume. Only the data-protection officer
// may lift a restriction: the HTTP edge checks the role (access.RoleDPO);
// the command records who did it.
type LiftRestriction struct {
	Actor     Actor
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
	return h.subjects.decide(ctx, cmd.Actor, cmd.SubjectID, plain(func(s *gdpr.Subject, _ time.Time) ([]domain.Event, error) {
		return s.Lift(cmd.Actor.ID)
	}))
}

package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// ApplyRestriction restricts processing of a subject's data (art. 18):
// from then on it may only be stored, and the subject leaves every
// campaign.
type ApplyRestriction struct {
	Actor     journal.Actor
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
	requestID := journal.CanonicalID(cmd.RequestID)
	return h.subjects.decide(ctx, cmd.Actor, cmd.SubjectID, plain(func(s *domaingdpr.Subject, _ time.Time) ([]domain.Event, error) {
		return s.Restrict(requestID, cmd.Reason, cmd.Until)
	}))
}

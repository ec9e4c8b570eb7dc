package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// WithdrawConsent records, on the subject's word to staff, that a consent
// ends.
type WithdrawConsent struct {
	Actor       journal.Actor
	SubjectID   string
	ConsentID   string
	WithdrawnAt time.Time // when the subject withdrew it; zero: now
}

// WithdrawConsentHandler handles WithdrawConsent.
type WithdrawConsentHandler struct{ subjects *Subjects }

// NewWithdrawConsentHandler returns the handler.
func NewWithdrawConsentHandler(subjects *Subjects) (*WithdrawConsentHandler, error) {
	if err := requireSubjects("NewWithdrawConsentHandler", subjects); err != nil {
		return nil, err
	}
	return &WithdrawConsentHandler{subjects: subjects}, nil
}

// Handle withdraws the consent (via staff); a withdrawn consent stays as
// it is.
func (h *WithdrawConsentHandler) Handle(ctx context.Context, cmd WithdrawConsent) (SubjectResult, error) {
	consentID := journal.CanonicalID(cmd.ConsentID)
	return h.subjects.decide(ctx, cmd.Actor, cmd.SubjectID, plain(func(s *domaingdpr.Subject, now time.Time) ([]domain.Event, error) {
		return s.WithdrawConsent(consentID, domaingdpr.ViaStaff, cmd.WithdrawnAt, now)
	}))
}

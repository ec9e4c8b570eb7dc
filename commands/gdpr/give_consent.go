package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// GiveConsent records a subject's consent (art. 7).
type GiveConsent struct {
	Actor     journal.Actor
	SubjectID string
	ConsentID string // optional UUID, for safe resending
	Purpose   string
	Scope     string                   // what the subject agreed to, in the firm's words
	GivenAt   time.Time                // zero: now
	How       domaingdpr.ConsentMethod // form, email, signed_paper, verbal
	Where     string                   // the form, address or meeting it came through
	Evidence  string                   // required for verbal consent; sealed
}

// GiveConsentHandler handles GiveConsent.
type GiveConsentHandler struct{ subjects *Subjects }

// NewGiveConsentHandler returns the handler.
func NewGiveConsentHandler(subjects *Subjects) (*GiveConsentHandler, error) {
	if err := requireSubjects("NewGiveConsentHandler", subjects); err != nil {
		return nil, err
	}
	return &GiveConsentHandler{subjects: subjects}, nil
}

// Handle records the consent; the result's RecordID is the consent ID (the
// one a withdrawal link names).
func (h *GiveConsentHandler) Handle(ctx context.Context, cmd GiveConsent) (SubjectResult, error) {
	id, err := journal.NewID(cmd.ConsentID, domain.Invalid("consent_id", "a consent ID is a UUID").WithCode("gdpr.consent.id"))
	if err != nil {
		return SubjectResult{}, err
	}
	c := domaingdpr.ConsentGiven{ConsentID: id, Purpose: cmd.Purpose, Scope: cmd.Scope, GivenAt: cmd.GivenAt,
		How: cmd.How, Where: cmd.Where, Evidence: cmd.Evidence}
	res, err := h.subjects.decide(ctx, cmd.Actor, cmd.SubjectID, plain(func(s *domaingdpr.Subject, now time.Time) ([]domain.Event, error) {
		if c.GivenAt.IsZero() {
			c.GivenAt = now
		}
		return s.GiveConsent(h.subjects.purposes, c, now)
	}))
	res.RecordID = recordID(id, err)
	return res, err
}

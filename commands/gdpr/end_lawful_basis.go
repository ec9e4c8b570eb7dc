package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// EndLawfulBasis records that a basis no longer applies.
type EndLawfulBasis struct {
	Actor     journal.Actor
	SubjectID string
	BasisID   string
	Reason    string // required; sealed
}

// EndLawfulBasisHandler handles EndLawfulBasis.
type EndLawfulBasisHandler struct{ subjects *Subjects }

// NewEndLawfulBasisHandler returns the handler.
func NewEndLawfulBasisHandler(subjects *Subjects) (*EndLawfulBasisHandler, error) {
	if err := requireSubjects("NewEndLawfulBasisHandler", subjects); err != nil {
		return nil, err
	}
	return &EndLawfulBasisHandler{subjects: subjects}, nil
}

// Handle ends the basis; an ended basis stays as it is.
func (h *EndLawfulBasisHandler) Handle(ctx context.Context, cmd EndLawfulBasis) (SubjectResult, error) {
	basisID := journal.CanonicalID(cmd.BasisID)
	return h.subjects.decide(ctx, cmd.Actor, cmd.SubjectID, plain(func(s *domaingdpr.Subject, _ time.Time) ([]domain.Event, error) {
		return s.EndBasis(basisID, cmd.Reason)
	}))
}
